/**
 * A payment node process for the payment integration tests: the real PaymentStack (SQLite store,
 * PaymentManager, RedemptionLoop, RewardService, chain client) behind a real HTTP server with
 * `POST /payment` and `GET /info?sender=`. Spawned with tsx so a test can kill -9 it.
 *
 * Config: one JSON argument (see `NodeConfig`). Prints `READY <port>` on stdout when listening.
 */
import { createChainClient, decodeDeployment, getNetwork, isBaseError } from '@prism/protocol'
import Fastify from 'fastify'
import type { Hex } from 'viem'
import { paymentPlugin } from '../../../apps/node/src/orchestrator/http/routes/payment.ts'
import { createPaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { registerPaidInfoRoute } from '../../helpers/paidInfoRoute.ts'

/** Settings passed as the single JSON argument. */
export type NodeConfig = {
  rpcUrl: string
  deployment: unknown
  ethKey: Hex
  dataDir: string
  pricePerUnit: string
  ticketEV: string
  maxFaceValue?: string
  reward?: boolean
  pollMs?: number
  /** `-autoWithdrawFees`, wei. */
  autoWithdrawFees?: string
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as NodeConfig
const deployment = decodeDeployment(cfg.deployment)
const client = createChainClient({
  network: getNetwork('dev', deployment),
  rpcUrl: cfg.rpcUrl,
  account: cfg.ethKey,
  pollingIntervalMs: cfg.pollMs ?? 100,
})
const stack = await createPaymentStack({
  client,
  dataDir: cfg.dataDir,
  price: { pricePerUnit: BigInt(cfg.pricePerUnit), autoAdjustPrice: false },
  payments: {
    ticketEV: BigInt(cfg.ticketEV),
    ...(cfg.maxFaceValue ? { maxFaceValue: BigInt(cfg.maxFaceValue) } : {}),
  },
  reward: cfg.reward ?? false,
  pollMs: cfg.pollMs ?? 100,
  ...(cfg.autoWithdrawFees ? { autoWithdrawFees: BigInt(cfg.autoWithdrawFees) } : {}),
})
const app = Fastify()
app.setErrorHandler((err, _req, reply) => {
  const e = isBaseError(err) ? err : null
  void reply
    .status(e?.httpStatus ?? 500)
    .send({ code: e?.code ?? 'INTERNAL', message: e?.shortMessage ?? String(err), details: e?.details })
})
paymentPlugin(app, { payments: stack.payments })
registerPaidInfoRoute(app, stack, { maxSessions: 1, encoder: 'none' })
app.get('/queue', async () =>
  stack.store
    .allTickets()
    .map((t) => ({ ticketHash: t.ticketHash, status: t.status, faceValue: t.faceValue.toString() })),
)
await app.listen({ host: '127.0.0.1', port: 0 })
const addr = app.server.address()
process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : 0}\n`)
const stop = async () => {
  await app.close()
  await stack.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
