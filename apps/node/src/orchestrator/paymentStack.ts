/**
 * PaymentStack: the composition of everything that gets an orchestrator paid, for the CLI and
 * tests. It opens the settlement store in `dataDir`, builds the PaymentManager (payments hook),
 * the RedemptionLoop and the RewardService over one chain client (the @prism/protocol chain
 * actions, see `payment/paymentChain.ts`), and drives them from the chain's
 * RoundWatcher: every new block refreshes the chain view, sends fresh ticket params, runs a
 * redemption pass and checks the reward round. `close()` stops the watcher and closes the store.
 */
import type { NetworkChainClient, TicketSigner } from '@prism/protocol'
import type { Registry } from 'prom-client'
import type { Address } from 'viem'
import { RoundWatcher } from '../chain/RoundWatcher.ts'
import { registerPaymentMetrics } from '../metrics/PaymentMetrics.ts'
import { type FeeChain, type OrchestratorChain, orchestratorChain } from './payment/paymentChain.ts'
import { PaymentManager, type PaymentManagerOptions } from './payment/paymentManager.ts'
import { PricePolicy, type PricePolicyOptions } from './payment/pricePolicy.ts'
import { FeeWithdrawer } from './reward/feeWithdrawer.ts'
import { RewardService } from './reward/rewardService.ts'
import { RedemptionLoop } from './settlement/redemptionLoop.ts'
import { SettlementStore } from './settlement/store.ts'

/** Options of {@link createPaymentStack}. */
export type PaymentStackOptions = {
  /** Chain client whose wallet is the orchestrator's account (it redeems and calls reward()). */
  client: NetworkChainClient
  /** Folder of the settlement database (`-dataDir`). */
  dataDir: string
  /**
   * The node's price: its PricePolicy (shared with the server's `/info` and `/admin/price`), or the
   * settings to build one from (`-pricePerUnit`, `-pixelsPerUnit`, `-autoAdjustPrice`, capability
   * prices).
   */
  price: PricePolicy | PricePolicyOptions
  /** Manager settings: ticketEV, redeemGas, txCostMultiplier, maxFaceValue, prepaySeconds, … */
  payments?: Omit<PaymentManagerOptions, 'recipient' | 'chain' | 'store' | 'pricePolicy' | 'pendingAmount'>
  /** `-reward`. Default: true. */
  reward?: boolean
  /** `-autoWithdrawFees`: withdraw the node's fees once they reach this, wei (0 = never). Default: 0. */
  autoWithdrawFees?: bigint
  /** `-feeRecipient`: where withdrawn fees go. Default: the node's address. */
  feeRecipient?: Address
  /** Chain polling interval. Default: the client's. */
  pollMs?: number
  /** Registry to export metrics on. Default: none. */
  registry?: Registry
  /** Log sink. Default: lines on stderr. */
  log?: (level: 'info' | 'warn', message: string, error?: unknown) => void
  /** Replaces the chain the managers use (tests that cut the RPC). Default: `orchestratorChain(client)`. */
  chain?: OrchestratorChain
}

/** A running payment stack. */
export type PaymentStack = {
  store: SettlementStore
  payments: PaymentManager
  loop: RedemptionLoop
  rewards: RewardService
  recipient: Address
  /** The price tickets are issued at; hand it to the server (`startOrchestrator` does). */
  pricePolicy: PricePolicy
  /** The node's account as a message signer (gRPC Ping answers, transcode results). */
  signer: TicketSigner
  /** Processes one block now (tests; the watcher does this on its own). */
  handleBlock(block: bigint): Promise<void>
  close(): Promise<void>
}

/**
 * Builds and starts the stack.
 *
 * @throws SettlementStoreError (`SETTLEMENT_STORE_FAILED`) when the store cannot be opened;
 *   chain errors (`CHAIN_*`) when the first chain read fails.
 * @example
 * const stack = await createPaymentStack({ client, dataDir, price: { pricePerUnit: 1200n } })
 * orchestrator.setPayments(stack.payments)
 */
export async function createPaymentStack(opts: PaymentStackOptions): Promise<PaymentStack> {
  const recipient = opts.client.wallet?.account?.address
  if (!recipient) throw new Error('the payment stack needs a chain client with an account (-ethKey)')
  const chain = opts.chain ?? orchestratorChain(opts.client, { redeemGas: opts.client.network.redeemGas })
  const log =
    opts.log ??
    ((level: 'info' | 'warn', message: string, error?: unknown) =>
      process.stderr.write(
        `prism ${level}: ${message}${error instanceof Error ? ` (${error.message.split('\n')[0]})` : ''}\n`,
      ))
  const logger = { info: (m: string) => log('info', m), warn: (m: string, e?: unknown) => log('warn', m, e) }
  const store = SettlementStore.open({ dataDir: opts.dataDir })
  const redeemGas = opts.payments?.redeemGas ?? opts.client.network.redeemGas
  const loop = new RedemptionLoop({ store, chain, recipient, redeemGas })
  const pricePolicy = opts.price instanceof PricePolicy ? opts.price : new PricePolicy(opts.price)
  const payments = new PaymentManager({
    ...opts.payments,
    redeemGas,
    recipient,
    chain,
    store,
    pricePolicy,
    pendingAmount: (s) => loop.pendingAmount(s),
  })
  const rewards = new RewardService({ chain, store, address: recipient, enabled: opts.reward ?? true })
  if (opts.registry) registerPaymentMetrics(opts.registry, { payments, loop, rewards, store })
  loop.on('redeemed', (t, tx) =>
    logger.info(`ticket ${t.ticketHash} redeemed${tx ? ` in ${tx}` : ' (already used)'}`),
  )
  loop.on('redemptionerror', (t, reason, cls) =>
    logger.warn(`redeeming ${t.ticketHash} failed (${cls}): ${reason}`),
  )
  loop.on('passerror', (err) => logger.warn('redemption pass failed; retrying next block', err))
  rewards.on('reward', (round, tx, amount) =>
    logger.info(`reward() for round ${round} in ${tx} (minted ${amount ?? '?'} wei)`),
  )
  rewards.on('rewarderror', (round, err) => logger.warn(`reward() for round ${round} failed`, err))
  const fees =
    chain.getPendingFees && chain.withdrawFees
      ? new FeeWithdrawer({
          chain: chain as FeeChain,
          address: recipient,
          threshold: opts.autoWithdrawFees ?? 0n,
          recipient: opts.feeRecipient,
        })
      : undefined
  fees?.on('withdrawn', (amount, to, tx) => logger.info(`withdrew ${amount} wei of fees to ${to} in ${tx}`))
  fees?.on('withdrawerror', (err) => logger.warn('withdrawing fees failed; retrying at the next check', err))

  let latest = -1n
  const handleBlock = async (block: bigint) => {
    if (block > latest) latest = block
    await payments.handleBlock(block)
    await loop.handleBlock(block)
    await rewards.handleBlock()
    // not awaited: a withdrawal never holds up the next block's redemptions
    void fees?.handleBlock()
  }
  try {
    await payments.start()
  } catch (err) {
    store.close()
    throw err
  }
  let watcher: RoundWatcher | undefined = new RoundWatcher(
    opts.client,
    opts.pollMs ? { intervalMs: opts.pollMs } : {},
  )
  watcher.on('block', (b) => {
    void handleBlock(b).catch((err) => logger.warn('payment block handling failed', err))
  })
  watcher.on('error', () => {
    // RPC down: every manager retries at the next block.
  })
  // Resume the queue right away rather than at the next block.
  void chain
    .getBlockNumber()
    .then((b) => handleBlock(b))
    .catch(() => {})

  const wallet = opts.client.wallet
  const account = wallet?.account
  const signer: TicketSigner = {
    signMessage: ({ message }) => {
      if (!wallet || !account) throw new Error('no account to sign with')
      return wallet.signMessage({ account, message })
    },
  }
  let closed = false
  return {
    store,
    payments,
    loop,
    rewards,
    recipient,
    pricePolicy,
    signer,
    handleBlock,
    async close() {
      if (closed) return
      closed = true
      watcher?.close()
      watcher = undefined
      payments.close()
      await loop.close()
      store.close()
    },
  }
}
