import { ticketBrokerAbi } from '@prism/protocol'
import type { Address, Hash, PublicClient } from 'viem'

/** One winning ticket of ours that an orchestrator redeemed on chain. */
export type Redemption = {
  /** The redeeming transaction. */
  txHash: Hash
  blockNumber: bigint
  /** Who redeemed it (the orchestrator). */
  recipient: Address
  /** What it paid out of our deposit (or reserve), wei. */
  faceValue: bigint
}

/** Redemptions of a sender's winning tickets, as the chain reports them. */
export type RedemptionSummary = {
  count: number
  faceValue: bigint
  /** Every redemption read, oldest first. */
  redemptions: Redemption[]
  /** The block the read went up to (the next read starts after it). */
  toBlock: bigint
}

/**
 * Reads the WinningTicketRedeemed events of a sender from TicketBroker in a block range.
 * @param client public client.
 * @param ticketBroker TicketBroker address.
 * @param sender the session key.
 * @param fromBlock first block to read. Default: 0.
 * @returns how many were redeemed, the sum of their face values and each one with its tx hash.
 * @example
 * const { count, redemptions } = await readRedemptions(client, network.contracts.ticketBroker, key.address)
 */
export async function readRedemptions(
  client: PublicClient,
  ticketBroker: Address,
  sender: Address,
  fromBlock = 0n,
): Promise<RedemptionSummary> {
  const toBlock = await client.getBlockNumber()
  if (toBlock < fromBlock) return { count: 0, faceValue: 0n, redemptions: [], toBlock: fromBlock - 1n }
  const logs = await client.getContractEvents({
    address: ticketBroker,
    abi: ticketBrokerAbi,
    eventName: 'WinningTicketRedeemed',
    args: { sender },
    fromBlock,
    toBlock,
  })
  const redemptions = logs.map((log) => {
    const args = log.args as { faceValue?: bigint; recipient?: Address }
    return {
      txHash: log.transactionHash as Hash,
      blockNumber: log.blockNumber ?? toBlock,
      recipient: args.recipient ?? ('0x' as Address),
      faceValue: args.faceValue ?? 0n,
    }
  })
  const faceValue = redemptions.reduce((sum, r) => sum + r.faceValue, 0n)
  return { count: redemptions.length, faceValue, redemptions, toBlock }
}

/** Options of {@link watchRedemptions}. */
export type WatchRedemptionsOptions = {
  client: PublicClient
  ticketBroker: Address
  sender: Address
  /** First block to read (0 on a dev chain; recent blocks elsewhere). */
  fromBlock: bigint
  /** Poll interval, ms. Default: 3000. */
  intervalMs?: number
  /**
   * Called with the totals so far and the redemptions new in this poll; `first` is true for the
   * first poll (redemptions from before the page opened).
   */
  onUpdate: (total: { count: number; faceValue: bigint }, fresh: Redemption[], first: boolean) => void
}

/**
 * Polls the sender's redemptions, each poll reading only the blocks after the last one.
 * @returns a function that stops polling.
 * @example
 * const stop = watchRedemptions({ client, ticketBroker, sender, fromBlock: 0n, onUpdate: (t, fresh) => show(fresh) })
 */
export function watchRedemptions(options: WatchRedemptionsOptions): () => void {
  let from = options.fromBlock
  let count = 0
  let faceValue = 0n
  let stopped = false
  let busy = false
  let first = true
  const poll = async () => {
    if (busy || stopped) return
    busy = true
    try {
      const r = await readRedemptions(options.client, options.ticketBroker, options.sender, from)
      if (stopped) return
      from = r.toBlock + 1n
      count += r.count
      faceValue += r.faceValue
      options.onUpdate({ count, faceValue }, r.redemptions, first)
      first = false
    } catch {
      // The RPC failed once: the next poll reads the same range again.
    } finally {
      busy = false
    }
  }
  void poll()
  const timer = setInterval(() => void poll(), options.intervalMs ?? 3000)
  return () => {
    stopped = true
    clearInterval(timer)
  }
}
