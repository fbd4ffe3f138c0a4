import { type ChainClient, unlock, withdraw } from '@prism/protocol'
import {
  type Address,
  type Chain,
  createWalletClient,
  http,
  type PrivateKeyAccount,
  type PublicClient,
  parseEther,
  type WalletClient,
} from 'viem'
import { Emitter } from '../lib/Emitter.ts'
import type { WebContracts } from '../network/webNetwork.ts'
import { FundsTxError } from './errors.ts'
import { readSenderState, unlockStatus } from './readSenderState.ts'

/** Steps of the withdraw flow, in order. */
export type WithdrawStep = 'idle' | 'gas' | 'unlock' | 'waiting' | 'withdraw' | 'return' | 'done' | 'error'

/** Events of {@link WithdrawFlow}. */
export type WithdrawFlowEvents = {
  /** A step started (or the flow ended with `done` / `error`), with a sentence for the UI. */
  step: [step: WithdrawStep, detail: string]
}

/** Options of {@link WithdrawFlow}. */
export type WithdrawFlowOptions = {
  client: PublicClient
  /** The user's wallet: tops up the session key's gas when needed and receives the funds. */
  wallet: WalletClient
  chain: Chain
  contracts: WebContracts
  sessionKey: PrivateKeyAccount
  /** ETH the session key needs for unlock + withdraw + send back. Default: 0.01 ETH. */
  gasAllowance?: bigint
  /** Milliseconds between chain polls while waiting for the unlock period. Default: 2000. */
  pollMs?: number
}

/**
 * Takes the session key's funds back to the wallet: unlock → wait for the unlock period →
 * withdraw → send the ETH back. Each step is reported as a `step` event; a flow interrupted after
 * unlock resumes where the chain says it stands.
 *
 * @example
 * const flow = new WithdrawFlow({ client, wallet, chain, contracts, sessionKey })
 * flow.events.on('step', (s, d) => console.log(s, d))
 * await flow.run()
 */
export class WithdrawFlow {
  /** Typed events. */
  readonly events = new Emitter<WithdrawFlowEvents>()
  #o: WithdrawFlowOptions
  #keyWallet: WalletClient
  /** The session key's chain client: unlock and withdraw are sent from it. */
  #key: ChainClient
  #cancelled = false

  constructor(options: WithdrawFlowOptions) {
    this.#o = options
    this.#keyWallet = createWalletClient({
      account: options.sessionKey,
      chain: options.chain,
      transport: http(options.chain.rpcUrls.default.http[0]),
    })
    this.#key = { public: options.client, wallet: this.#keyWallet, contracts: options.contracts }
  }

  /** Stops waiting (the flow can be started again later). */
  cancel(): void {
    this.#cancelled = true
  }

  /**
   * Runs the flow to the end.
   * @throws FundsTxError `WEB_FUNDS_TX_FAILED` when a transaction fails (also emitted as `error`).
   */
  async run(): Promise<void> {
    try {
      await this.#run()
    } catch (err) {
      this.events.emit('step', 'error', err instanceof Error ? err.message.split('\n')[0]! : String(err))
      throw err
    }
  }

  async #run(): Promise<void> {
    const o = this.#o
    const key = o.sessionKey.address
    const walletAccount = o.wallet.account
    if (!walletAccount) throw new FundsTxError('withdraw (no wallet account)')
    let state = await readSenderState(this.#key, key)
    const locked = () => state.deposit + state.reserve.fundsRemaining
    if (locked() === 0n && state.balance === 0n) {
      this.events.emit('step', 'done', 'nothing to withdraw')
      return
    }
    if (locked() > 0n) {
      const allowance = o.gasAllowance ?? parseEther('0.01')
      if (state.balance < allowance) {
        this.events.emit('step', 'gas', 'the wallet sends the session key a little ETH for gas')
        await this.#tx('gas top-up', () =>
          o.wallet.sendTransaction({
            account: walletAccount,
            chain: o.chain,
            to: key,
            value: allowance - state.balance,
          }),
        )
      }
      if (unlockStatus(state) === 'locked') {
        this.events.emit('step', 'unlock', 'unlock(): starting the unlock period')
        await this.#step('unlock', () => unlock(this.#key))
        state = await readSenderState(this.#key, key)
      }
      while (unlockStatus(state) !== 'unlocked') {
        if (this.#cancelled) throw new FundsTxError('withdraw (cancelled while waiting)')
        this.events.emit(
          'step',
          'waiting',
          `waiting for the unlock period: round ${state.currentRound}, withdraw from round ${state.withdrawRound}`,
        )
        await new Promise((r) => setTimeout(r, o.pollMs ?? 2000))
        state = await readSenderState(this.#key, key)
      }
      this.events.emit('step', 'withdraw', 'withdraw(): deposit and reserve back to the session key')
      await this.#step('withdraw', () => withdraw(this.#key))
    }
    await this.#sendBack(walletAccount.address)
  }

  async #sendBack(to: Address): Promise<void> {
    const o = this.#o
    const balance = await o.client.getBalance({ address: o.sessionKey.address })
    const fees = await o.client.estimateFeesPerGas()
    const maxFeePerGas = fees.maxFeePerGas * 2n
    const cost = 21_000n * maxFeePerGas
    if (balance <= cost) {
      this.events.emit('step', 'done', 'funds withdrawn; too little ETH left to send back')
      return
    }
    this.events.emit('step', 'return', 'sending the ETH back to the wallet')
    await this.#tx('send back', () =>
      this.#keyWallet.sendTransaction({
        account: o.sessionKey,
        chain: o.chain,
        to,
        value: balance - cost,
        gas: 21_000n,
        maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      }),
    )
    this.events.emit('step', 'done', `sent ${balance - cost} wei back to ${to}`)
  }

  /** Runs a chain action, reporting its failure as the step's FundsTxError. */
  async #step(step: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action()
    } catch (err) {
      throw new FundsTxError(step, err)
    }
  }

  /** Sends a plain ETH transfer and waits for its receipt. */
  async #tx(step: string, send: () => Promise<`0x${string}`>): Promise<void> {
    try {
      const hash = await send()
      const receipt = await this.#o.client.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
    } catch (err) {
      if (err instanceof FundsTxError) throw err
      throw new FundsTxError(step, err)
    }
  }
}
