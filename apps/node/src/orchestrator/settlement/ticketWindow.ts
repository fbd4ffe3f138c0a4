/**
 * The on-chain redemption window of a ticket (docs/protocol.md §2.5, §4.2): TicketBroker accepts
 * a ticket while `creationRound + ticketValidityPeriod > currentRound`, so its last redeemable
 * block is the one before round `creationRound + ticketValidityPeriod` starts. Ticket params must
 * expire early enough, and redemption must be sent soon enough, that no winner falls past it.
 */

/** Round timing read from RoundsManager and TicketBroker. */
export type RoundTiming = {
  currentRound: bigint
  currentRoundStartBlock: bigint
  /** Blocks per round. */
  roundLength: bigint
  /** TicketBroker.ticketValidityPeriod(), rounds. */
  ticketValidityPeriod: bigint
}

/**
 * Last block at which a ticket created in `creationRound` can still be redeemed (rounds assumed
 * to keep their current length).
 *
 * @example
 * lastRedeemableBlock({ currentRound: 7n, currentRoundStartBlock: 70n, roundLength: 10n, ticketValidityPeriod: 2n }, 7n) // 89n
 */
export function lastRedeemableBlock(timing: RoundTiming, creationRound: bigint): bigint {
  const creationStart =
    timing.currentRoundStartBlock - (timing.currentRound - creationRound) * timing.roundLength
  return creationStart + timing.ticketValidityPeriod * timing.roundLength - 1n
}

/**
 * Blocks kept free between params expiry (when redemption starts) and the end of the window, for
 * the redemption pass to run and its transaction (a retry included) to be mined: a tenth of a
 * round, at least 5 blocks.
 *
 * @example
 * redeemMarginBlocks(10n) // 5n
 */
export function redeemMarginBlocks(roundLength: bigint): bigint {
  const tenth = roundLength / 10n
  return tenth > 5n ? tenth : 5n
}

/**
 * Expiration block for params issued at `block`: `block + lifetime`, but no later than the
 * window of `creationRound` less {@link redeemMarginBlocks}; never closer than 2 blocks (a gateway
 * refuses params that expire within 1 block), which only happens when rounds go uninitialized.
 *
 * @example
 * paramsExpirationBlock({ block: 83n, lifetime: 40n, creationRound: 7n, timing }) // 85n: the window allows 84, clamped to block + 2
 */
export function paramsExpirationBlock(p: {
  block: bigint
  lifetime: bigint
  creationRound: bigint
  timing?: RoundTiming | undefined
}): bigint {
  let expiration = p.block + p.lifetime
  if (p.timing) {
    const latest = lastRedeemableBlock(p.timing, p.creationRound) - redeemMarginBlocks(p.timing.roundLength)
    if (latest < expiration) expiration = latest
  }
  return expiration < p.block + 2n ? p.block + 2n : expiration
}

/**
 * Whether a queued ticket must be redeemed now even though its params have not expired: its
 * window closes within {@link redeemMarginBlocks}.
 *
 * @example
 * windowClosing(timing, 7n, 84n) // true: the window ends at block 89, margin 5
 */
export function windowClosing(timing: RoundTiming, creationRound: bigint, block: bigint): boolean {
  return block + redeemMarginBlocks(timing.roundLength) >= lastRedeemableBlock(timing, creationRound)
}

/**
 * Whether the window has already closed for a ticket of `creationRound`: the contract would
 * answer "ticket is expired".
 */
export function windowClosed(timing: RoundTiming, creationRound: bigint): boolean {
  return creationRound + timing.ticketValidityPeriod <= timing.currentRound
}
