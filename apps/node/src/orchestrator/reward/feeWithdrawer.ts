/**
 * FeeWithdrawer: the optional automatic `withdrawFees` (`-autoWithdrawFees <wei>`). Fees from
 * redeemed tickets wait in the BondingManager's fee pool (the fee share going to delegators);
 * once the orchestrator's own pending fees reach the threshold they are sent to its wallet (or
 * `-feeRecipient`). Checked once per initialized round, at its first block: withdrawFees claims
 * earnings first, and under Livepeer's accounting a claim in round N forgoes the delegator part
 * (fee share × own stake) of fees credited later in round N, so claiming once, early, loses least.
 * A failure is retried at the next block.
 */
import type { Address, Hex } from 'viem'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import type { FeeChain } from '../payment/paymentChain.ts'

/** Options of {@link FeeWithdrawer}. */
export type FeeWithdrawerOptions = {
  chain: FeeChain
  /** The orchestrator's address (whose fees). */
  address: Address
  /** Withdraw once pending fees reach this, wei; 0 = never. */
  threshold: bigint
  /** Where the wei go. Default: `address`. */
  recipient?: Address | undefined
}

/** Events of {@link FeeWithdrawer}. */
export type FeeWithdrawerEvents = {
  /** `amount` wei were sent to `recipient` in `txHash`. */
  withdrawn: [amount: bigint, recipient: Address, txHash: Hex]
  /** A check or withdrawal failed; the next check tries again. */
  withdrawerror: [error: unknown]
}

/**
 * Withdraws the orchestrator's fees when they pass a threshold.
 *
 * @example
 * const fees = new FeeWithdrawer({ chain, address, threshold: parseEther('0.1') })
 * fees.on('withdrawn', (amount, to) => log.info(`withdrew ${amount} wei to ${to}`))
 * watcher.on('block', () => fees.handleBlock())
 */
export class FeeWithdrawer extends EnhancedEventEmitter<FeeWithdrawerEvents> {
  readonly #o: FeeWithdrawerOptions
  #running: Promise<void> | null = null
  #checkedRound: bigint | null = null

  constructor(options: FeeWithdrawerOptions) {
    super()
    this.#o = options
  }

  /** Whether a threshold is set. */
  get enabled(): boolean {
    return this.#o.threshold > 0n
  }

  /** Checks once per initialized round (again after a failure). Never throws. */
  handleBlock(): Promise<void> {
    if (!this.enabled) return Promise.resolve()
    this.#running ??= this.#run()
      .catch((err: unknown) => {
        this.#checkedRound = null
        this.safeEmit('withdrawerror', err)
      })
      .finally(() => {
        this.#running = null
      })
    return this.#running
  }

  async #run(): Promise<void> {
    const { chain, address, threshold } = this.#o
    const round = await chain.getLastInitializedRound()
    if (round === this.#checkedRound) return
    this.#checkedRound = round
    const pending = await chain.getPendingFees(address)
    if (pending < threshold) return
    const recipient = this.#o.recipient ?? address
    const { txHash } = await chain.withdrawFees(recipient, pending)
    this.safeEmit('withdrawn', pending, recipient, txHash)
  }
}
