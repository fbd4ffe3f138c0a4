/**
 * TicketParamsIssuer: ticket params for one sender (docs/protocol.md §2.6). faceValue covers the
 * redemption gas many times over (txCost × txCostMultiplier), capped by the sender's max float
 * (§2.4) and `-maxFaceValue`; winProb makes the ticket's EV at least `-ticketEV`. recipientRand is
 * derived statelessly (see `recipientRand.ts`); only its hash leaves the node. Params expire 40
 * blocks after the latest block, but never later than the creation round's redemption window
 * allows (`settlement/ticketWindow.ts`: redemption starts at expiry and must land before
 * `creationRound + ticketValidityPeriod`); the creation round is the last initialized one, or the
 * one before when its block hash is zero.
 */
import {
  bytesToBigInt,
  computeTicketParams,
  minimalBytes,
  type PriceInfo,
  recipientRandHash,
  SenderReserveMissingError,
  type TicketParams,
  TicketSenderUnlockingError,
  toHex,
} from '@prism/protocol'
import type { Address } from 'viem'
import { paramsExpirationBlock } from '../settlement/ticketWindow.ts'
import type { ChainState } from './chainState.ts'
import { TicketParamsUnavailableError } from './errors.ts'
import type { PricePolicy, PriceQuery } from './pricePolicy.ts'
import { deriveRecipientRand, newRandSecret } from './recipientRand.ts'

/**
 * Ticket params as quoted to a gateway (the /info `ticketParams` and data-channel `ticketParams`),
 * with the price they are bound to (the gateway echoes it as expected_price). recipientRand itself
 * is not kept: the receiver derives it again from these fields.
 */
export type IssuedTicketParams = TicketParams & { price: PriceInfo }

/** Options of {@link TicketParamsIssuer}. */
export type TicketParamsIssuerOptions = {
  recipient: Address
  /** recipientRand secret, shared with the TicketReceiver. */
  secret: Uint8Array
  chainState: ChainState
  pricePolicy: PricePolicy
  /** Target EV per ticket, wei (`-ticketEV`). Default: 8000000000. */
  ticketEV?: bigint
  /** Gas of one redemption (`-redeemGas`). Default: 1200000. */
  redeemGas?: bigint
  /** faceValue = txCost × this (`-txCostMultiplier`). Default: 100. */
  txCostMultiplier?: bigint
  /** Cap on faceValue, 0 = none (`-maxFaceValue`). Default: 0. */
  maxFaceValue?: bigint
  /** Params lifetime in L1 blocks, at most (the redemption window may shorten it). Default: 40. */
  lifetimeBlocks?: bigint
  /** Face value of the sender's tickets in redemptions not yet mined. Default: none. */
  pendingAmount?: (sender: Address) => bigint
}

/**
 * Issues ticket params.
 *
 * @example
 * const issuer = new TicketParamsIssuer({ recipient, secret, chainState, pricePolicy })
 * const params = await issuer.issue('0xgateway…')
 */
export class TicketParamsIssuer {
  readonly #o: Required<TicketParamsIssuerOptions>

  constructor(options: TicketParamsIssuerOptions) {
    this.#o = {
      ticketEV: 8_000_000_000n,
      redeemGas: 1_200_000n,
      txCostMultiplier: 100n,
      maxFaceValue: 0n,
      lifetimeBlocks: 40n,
      pendingAmount: () => 0n,
      ...options,
    }
  }

  /** redeemGas × current gas price. */
  txCost(): bigint {
    return this.#o.redeemGas * this.#o.chainState.snapshot.gasPrice
  }

  /**
   * The sender's max float: what this node can still claim from its reserve, less redemptions in
   * flight unless the deposit covers them three times (§2.4).
   */
  async maxFloat(sender: Address): Promise<bigint> {
    const { chainState } = this.#o
    const info = await chainState.senderInfo(sender)
    const reserveAlloc = await chainState.claimableReserve(sender)
    const pending = this.#o.pendingAmount(sender)
    if (pending > 0n && info.deposit >= 3n * pending) return reserveAlloc
    return reserveAlloc - pending
  }

  /**
   * faceValue and winProb for a sender.
   *
   * @throws TicketSenderUnlockingError (`TICKET_SENDER_UNLOCKING`), SenderReserveMissingError
   * (`SENDER_RESERVE_MISSING`), ReserveInsufficientError (`RESERVE_INSUFFICIENT`, from computeTicketParams).
   */
  async faceValueAndWinProb(sender: Address): Promise<{ faceValue: bigint; winProb: bigint }> {
    const { chainState, ticketEV, txCostMultiplier, maxFaceValue, redeemGas } = this.#o
    const snap = chainState.snapshot
    const info = await chainState.senderInfo(sender)
    if (info.withdrawRound !== 0n && info.withdrawRound <= snap.lastInitializedRound + 1n)
      throw new TicketSenderUnlockingError(sender)
    if (info.reserve.fundsRemaining === 0n) throw new SenderReserveMissingError()
    return computeTicketParams({
      ev: ticketEV,
      redeemGas,
      gasPrice: snap.gasPrice,
      txCostMultiplier,
      maxFloat: await this.maxFloat(sender),
      maxFaceValue,
    })
  }

  /**
   * Fresh params for `sender`.
   *
   * @param opts.fixedPrice - the session's fixed price (quoted instead of the policy's price).
   * @throws the errors of {@link faceValueAndWinProb}; TicketParamsUnavailableError
   * (`TICKET_PARAMS_UNAVAILABLE`) when the chain state is not loaded or cannot be read.
   */
  async issue(
    sender: Address,
    opts: PriceQuery & { fixedPrice?: PriceInfo } = {},
  ): Promise<IssuedTicketParams> {
    const { chainState, pricePolicy, recipient } = this.#o
    if (!chainState.ready) throw new TicketParamsUnavailableError('chain state not loaded')
    const snap = chainState.snapshot
    const base = pricePolicy.basePrice(opts)
    let faceValue = 0n
    let winProb = 0n
    if (base.num > 0n || (opts.fixedPrice && opts.fixedPrice.pricePerUnit > 0n)) {
      try {
        ;({ faceValue, winProb } = await this.faceValueAndWinProb(sender))
      } catch (err) {
        if (err && typeof err === 'object' && 'code' in err) throw err
        throw new TicketParamsUnavailableError('cannot read sender state', err)
      }
    }
    const price = opts.fixedPrice ?? pricePolicy.quote({ ...opts, faceValue, txCost: this.txCost() })
    const quoted = {
      faceValue,
      winProb,
      // Minimal big-endian bytes, as go-livepeer carries its seed.
      seed: toHex(minimalBytes(bytesToBigInt(newRandSecret()))),
      expirationBlock: paramsExpirationBlock({
        block: snap.block,
        lifetime: this.#o.lifetimeBlocks,
        creationRound: snap.creationRound,
        timing: snap.timing,
      }),
      expirationParams: {
        creationRound: snap.creationRound,
        creationRoundBlockHash: snap.creationRoundBlockHash,
      },
    }
    const rand = deriveRecipientRand(this.#o.secret, { ...quoted, sender, price })
    return { recipient, recipientRandHash: recipientRandHash(rand), ...quoted, price }
  }
}
