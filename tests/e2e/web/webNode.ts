/**
 * A complete orchestrator process for the web app's browser tests: passthrough, transcode and
 * `ai` pipelines (onnxruntime-node CPU), the real PaymentStack on the dev chain (ticket params in
 * /info, tickets on the `payment` data channel, settlement), WHIP on one mediasoup worker, served on
 * a given port. Spawned with tsx so a test can kill -9 it like a crashed node.
 *
 * Config: one JSON argument (see `WebNodeConfig`). Prints `READY <url>` on stdout when listening.
 */
import { createNodeRuntime } from '@prism/gpu/node'
import {
  aiInfoContributor,
  createAiPipelineKind,
  passthroughKind,
  startOrchestrator,
  transcodeKind,
} from '@prism/node'
import { createChainClient, decodeDeployment, getNetwork } from '@prism/protocol'
import type { Hex } from 'viem'
import { ticketParamsContributor } from '../../../apps/node/src/orchestrator/payment/infoContribution.ts'
import { createPaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { lowResolutionAiKind, staleAiKind } from './verificationCheatKinds.ts'

/** Settings passed as the single JSON argument. */
export type WebNodeConfig = {
  port: number
  deployment: unknown
  ethKey: Hex
  dataDir: string
  /** Wei per pixel. */
  pricePerUnit: string
  /** Ticket EV and face value cap, wei (e.g. {@link DEV_TICKETS}). Default: the payment stack's. */
  tickets?: { ticketEV: string; maxFaceValue: string }
  /** Raise the price by the redemption gas (-autoAdjustPrice, on in `prism dev`). Default: false. */
  autoAdjustPrice?: boolean
  /**
   * A dishonest node for verification tests: runs this model (with its defaults) in every AI
   * stage instead of the one the gateway asked for. Default: honest.
   */
  cheatModel?: string
  /** A dishonest node that returns the output of a frame this many frames old (verificationCheatKinds.ts). */
  cheatStaleFrames?: number
  /** A dishonest node that computes and returns half the width and height asked for. */
  cheatLowResolution?: boolean
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as WebNodeConfig
const deployment = decodeDeployment(cfg.deployment)
const client = createChainClient({
  network: getNetwork('dev', deployment),
  rpcUrl: deployment.rpcUrl,
  account: cfg.ethKey,
  pollingIntervalMs: 200,
})
const stack = await createPaymentStack({
  client,
  dataDir: cfg.dataDir,
  price: { pricePerUnit: BigInt(cfg.pricePerUnit), autoAdjustPrice: cfg.autoAdjustPrice ?? false },
  payments: {
    prepaySeconds: 20,
    ...(cfg.tickets
      ? { ticketEV: BigInt(cfg.tickets.ticketEV), maxFaceValue: BigInt(cfg.tickets.maxFaceValue) }
      : {}),
  },
  reward: false,
  pollMs: 200,
})
const url = `http://127.0.0.1:${cfg.port}`
const runtime = createNodeRuntime({ log: () => {} })
const aiKind = createAiPipelineKind({ runtime })
const cheat = cfg.cheatModel
const servedAiKind = cheat
  ? {
      ...aiKind,
      decodeSpec: (raw: unknown) => {
        const spec = raw as { stages?: { model: string }[] }
        return aiKind.decodeSpec({ ...spec, stages: spec.stages?.map(() => ({ model: cheat, params: {} })) })
      },
    }
  : cfg.cheatStaleFrames
    ? staleAiKind(runtime, cfg.cheatStaleFrames)
    : cfg.cheatLowResolution
      ? lowResolutionAiKind(runtime)
      : aiKind
const node = await startOrchestrator({
  httpAddr: `http://127.0.0.1:${cfg.port}`,
  orchestrator: {
    pipelineKinds: [passthroughKind, transcodeKind(), servedAiKind] as never,
    payments: stack.payments,
    // WHIP on mediasoup, as `prism orchestrator` runs it (one worker: several nodes share 2 cores)
    mediaPlane: { workers: 1 },
  },
  server: {
    address: stack.recipient,
    pricePolicy: stack.pricePolicy,
    infoContributors: [
      () => ({ serviceURI: url }),
      aiInfoContributor,
      ticketParamsContributor(stack.payments) as never,
    ],
  },
})
process.stdout.write(`READY ${node.url}\n`)
const stop = async () => {
  await node.close()
  await stack.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
