/**
 * RewardService: calls BondingManager.reward() once per round while the node is active
 * (docs/protocol.md §9, `-reward`, default on). The last rewarded round is persisted in the settlement
 * store and the transcoder's on-chain `lastRewardRound` is read before every call, so a restart,
 * a crash between the transaction and the write, or a second process never calls twice in a round.
 */
import type { Address, Hex } from 'viem'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import type { RewardChain } from '../payment/paymentChain.ts'
import type { SettlementStore } from '../settlement/store.ts'

/** Options of {@link RewardService}. */
export type RewardServiceOptions = {
  /** Reads the round and the node's state, sends reward(). */
  chain: RewardChain
  store: SettlementStore
  /** The orchestrator's address. */
  address: Address
  /** `-reward`. Default: true. */
  enabled?: boolean
}

/** Events of {@link RewardService}. */
export type RewardServiceEvents = {
  /** reward() succeeded for `round`. `amount` is the minted LPT (wei) when the chain client reports it. */
  reward: [round: bigint, txHash: Hex, amount: bigint | undefined]
  /** Nothing to do this round (already rewarded, inactive, disabled). */
  skipped: [round: bigint, reason: string]
  /** reward() failed; it is tried again at the next block of the same round. */
  rewarderror: [round: bigint, error: unknown]
}

/**
 * Once-per-round reward caller, driven by new blocks or rounds.
 *
 * @example
 * const rewards = new RewardService({ chain, store, address })
 * rewards.on('reward', (round, tx) => log.info(`reward round ${round}: ${tx}`))
 * blockWatcher.on('block', () => rewards.handleBlock())
 */
export class RewardService extends EnhancedEventEmitter<RewardServiceEvents> {
  readonly #o: Required<RewardServiceOptions>
  #running: Promise<void> | null = null
  #skippedRound: bigint | null = null

  constructor(options: RewardServiceOptions) {
    super()
    this.#o = { enabled: true, ...options }
  }

  /** Checks the round and calls reward() when due. Never throws; overlapping calls share one run. */
  handleBlock(): Promise<void> {
    if (!this.#o.enabled) return Promise.resolve()
    const running =
      this.#running ??
      this.#run()
        .catch((err: unknown) => {
          this.safeEmit('rewarderror', -1n, err)
        })
        .finally(() => {
          this.#running = null
        })
    this.#running = running
    return running
  }

  async #run(): Promise<void> {
    const { chain, store, address } = this.#o
    const round = await chain.getLastInitializedRound()
    const done = store.getLastRewardRound()
    if (done !== undefined && done >= round) return
    if (!(await chain.isActiveTranscoder(address))) {
      this.#skip(round, 'not active')
      return
    }
    const onChain = await chain.getLastRewardRound(address)
    if (onChain >= round) {
      store.setLastRewardRound(round)
      this.#skip(round, 'already rewarded on chain')
      return
    }
    try {
      const { txHash, amount } = await chain.reward()
      store.setLastRewardRound(round)
      this.safeEmit('reward', round, txHash, amount)
    } catch (err) {
      const text = err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : String(err)
      if (/already called reward/i.test(text)) {
        store.setLastRewardRound(round)
        this.#skip(round, 'already rewarded on chain')
        return
      }
      this.safeEmit('rewarderror', round, err)
    }
  }

  #skip(round: bigint, reason: string) {
    if (this.#skippedRound === round) return
    this.#skippedRound = round
    this.safeEmit('skipped', round, reason)
  }
}
