/**
 * The `prism orchestrator` role (default): builds the Orchestrator and its HTTP server, listens,
 * and closes everything on SIGINT/SIGTERM. `startOrchestrator()` is the composition root other
 * roles (`prism dev`) and tests reuse.
 */
import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createNodeRuntime } from '@prism/gpu/node'
import type { FastifyInstance } from 'fastify'
import { logger } from '../lib/logger.ts'
import { OrchestratorMetrics } from '../metrics/OrchestratorMetrics.ts'
import { registerPaymentMetrics } from '../metrics/PaymentMetrics.ts'
import { aiInfoContributor } from '../orchestrator/compute/aiInfoContributor.ts'
import {
  createSegmentService,
  SEGMENT_FLAGS,
  type SegmentService,
} from '../orchestrator/compute/segmentService.ts'
import { buildServer } from '../orchestrator/http/buildServer.ts'
import { paymentPlugin } from '../orchestrator/http/routes/payment.ts'
import type { InfoContributor, ServerOptions } from '../orchestrator/http/ServerTypes.ts'
import { Orchestrator } from '../orchestrator/Orchestrator.ts'
import type { OrchestratorOptions } from '../orchestrator/OrchestratorTypes.ts'
import { ticketParamsContributor } from '../orchestrator/payment/infoContribution.ts'
import type { PaymentStack } from '../orchestrator/paymentStack.ts'
import { createAiPipelineKind } from '../orchestrator/pipelines/aiPipelineKind.ts'
import type { PipelineKind } from '../orchestrator/pipelines/PipelineTypes.ts'
import { parseTranscodingOptions } from '../orchestrator/pipelines/transcodeKind.ts'
import { CliFlagInvalidError } from './errors.ts'
import { formatHelp, type ParsedFlags, parseFlags } from './flags.ts'
import { PAYMENT_FLAGS, paymentStackFromFlags, pricePolicyFromFlags } from './paymentFlags.ts'

/** Flags of `prism orchestrator` (go-livepeer names where they mean the same). */
export const ORCHESTRATOR_FLAGS = {
  httpAddr: {
    type: 'string',
    default: '127.0.0.1:8935',
    help: 'Address the HTTP(S) server binds (host:port; port 0 = any free port).',
  },
  serviceAddr: {
    type: 'string',
    help: 'Public host:port gateways use (advertised as serviceURI in /info). Default: -httpAddr.',
  },
  maxSessions: {
    type: 'number',
    default: 10,
    help: 'Maximum concurrent sessions (counted once their peer connected and, when paid, prepaid); more get SESSION_LIMIT_REACHED (503).',
  },
  maxPendingPerAddress: {
    type: 'number',
    default: 4,
    help: 'WHIP offers per client address (IPv6: per /64) not connected or prepaid yet; more get SESSION_PENDING_LIMIT (429).',
  },
  connectTimeout: {
    type: 'number',
    default: 5,
    help: 'Seconds an offer’s peer has to connect (ICE and DTLS) before its session is closed.',
  },
  transcodingOptions: {
    type: 'string',
    default: 'P360p30fps16x9,P240p30fps16x9',
    help: 'Default transcode ladder: comma-separated Livepeer profile names.',
  },
  nvidia: {
    type: 'string',
    default: 'auto',
    help: "NVENC: 'auto' probes h264_nvenc with a test encode, 'none' uses libx264.",
  },
  dataDir: {
    type: 'string',
    default: join(homedir(), '.prism'),
    help: 'Data folder (HLS output under <dataDir>/hls/<stream>).',
  },
  monitor: { type: 'boolean', default: true, help: 'Serve Prometheus metrics on /metrics.' },
  adminToken: {
    type: 'string',
    help: 'Bearer token of the /admin/* endpoints; unset = admin endpoints off.',
  },
  corsOrigins: {
    type: 'string',
    default: '*',
    help: "Comma-separated origins allowed to call /info and /live/* ('*' = any, for dev).",
  },
  tlsCert: { type: 'string', help: 'PEM certificate file: serve HTTPS (with -tlsKey).' },
  tlsKey: { type: 'string', help: 'PEM private key file: serve HTTPS (with -tlsCert).' },
  ethAcctAddr: {
    type: 'string',
    default: '0x0000000000000000000000000000000000000000',
    help: 'Orchestrator Ethereum address shown in /info.',
  },
  pricePerUnit: { type: 'string', default: '0', help: 'Price in wei per pixelsPerUnit pixels.' },
  pixelsPerUnit: { type: 'string', default: '1', help: 'Pixels per price unit (integer > 0).' },
  loopbackOnly: {
    type: 'boolean',
    default: true,
    help: 'Use only 127.0.0.1 ICE candidates (dev and tests); false for real networks.',
  },
  maxQueuedFrames: {
    type: 'number',
    default: 2,
    help: 'Frames waiting between decoder and stage/encoder; when full, the oldest is dropped (counted).',
  },
  ai: {
    type: 'boolean',
    default: true,
    help: 'Offer ai pipelines (chains of ONNX models on onnxruntime-node: CUDA when available, else CPU).',
  },
  ...PAYMENT_FLAGS,
  ...SEGMENT_FLAGS,
} as const

/** Options of {@link startOrchestrator}: orchestrator and server options plus where to listen. */
export type StartOrchestratorOptions = {
  /** host:port to bind. Default: 127.0.0.1:8935. */
  httpAddr?: string
  /** Public host:port. Default: the bound address. */
  serviceAddr?: string
  orchestrator?: OrchestratorOptions
  server?: Omit<ServerOptions, 'orchestrator' | 'metrics' | 'serviceURI'>
  /** Serve /metrics. Default: true. */
  monitor?: boolean
  /**
   * Payments (ticket params in /info, POST /payment, the payments hook, metrics); its PricePolicy
   * becomes the server's (`server.pricePolicy` is then ignored). Default: none (free).
   */
  payments?: PaymentStack
  /** POST /segment and attached transcoders: its metrics join /metrics. Default: none. */
  segments?: SegmentService
}

/** A running orchestrator node. */
export type RunningOrchestrator = {
  orchestrator: Orchestrator
  app: FastifyInstance
  /** e.g. `http://127.0.0.1:41234` */
  url: string
  close(): Promise<void>
}

function splitHostPort(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':')
  const port = Number(addr.slice(i + 1))
  if (i < 0 || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliFlagInvalidError(`expected host:port, got "${addr}"`)
  return { host: addr.slice(0, i) || '0.0.0.0', port }
}

/**
 * Starts an orchestrator and its server, listening on `httpAddr`.
 *
 * @example
 * const node = await startOrchestrator({ httpAddr: '127.0.0.1:0' })
 * console.log(node.url); await node.close()
 */
export async function startOrchestrator(opts: StartOrchestratorOptions = {}): Promise<RunningOrchestrator> {
  const { host, port } = splitHostPort(opts.httpAddr ?? '127.0.0.1:8935')
  const orchestrator = new Orchestrator(opts.orchestrator ?? {})
  await orchestrator.start()
  const metrics = opts.monitor === false ? undefined : new OrchestratorMetrics(orchestrator)
  const pay = opts.payments
  if (metrics && opts.segments) opts.segments.registerMetrics(metrics.registry)
  if (pay) {
    orchestrator.setPayments(pay.payments)
    if (metrics) registerPaymentMetrics(metrics.registry, pay)
  }
  let serviceURI = ''
  const scheme = opts.server?.https ? 'https' : 'http'
  const app = await buildServer({
    ...opts.server,
    orchestrator,
    ...(metrics ? { metrics } : {}),
    ...(pay
      ? {
          address: pay.recipient,
          // one price: the policy tickets are issued at is the one /info quotes and /admin changes
          pricePolicy: pay.pricePolicy,
          infoContributors: [...(opts.server?.infoContributors ?? []), ticketParamsContributor(pay.payments)],
          plugins: [
            ...(opts.server?.plugins ?? []),
            (a: FastifyInstance) => paymentPlugin(a, { payments: pay.payments }),
          ],
        }
      : {}),
    get serviceURI() {
      return serviceURI
    },
  })
  await app.listen({ host, port })
  const addr = app.server.address()
  const bound = typeof addr === 'object' && addr ? addr.port : port
  const url = `${scheme}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}`
  serviceURI = opts.serviceAddr ? `${scheme}://${opts.serviceAddr}` : url
  logger.info(`orchestrator listening on ${url} (serviceURI ${serviceURI})`)
  return {
    orchestrator,
    app,
    url,
    async close() {
      await orchestrator.close()
      await app.close()
    },
  }
}

/** Parsed flags of `prism orchestrator`. */
export type OrchestratorFlagValues = ParsedFlags<typeof ORCHESTRATOR_FLAGS>

/**
 * Builds and starts everything the orchestrator flags describe: payments (with `-ethKey`), the
 * `ai` pipelines (with `-ai`), POST /segment and attached transcoders, the HTTP(S) server.
 * `prism orchestrator` and `prism dev` both start their node through this.
 *
 * @example
 * const node = await startOrchestratorFromFlags(parseFlags(['-httpAddr', '127.0.0.1:0'], ORCHESTRATOR_FLAGS))
 * await node.close()
 */
export async function startOrchestratorFromFlags(
  flags: OrchestratorFlagValues,
): Promise<RunningOrchestrator> {
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined))
    throw new CliFlagInvalidError('-tlsCert and -tlsKey go together')
  // owner-only: the settlement store (ticket secrets) lives here
  await mkdir(flags.dataDir, { recursive: true, mode: 0o700 })
  const nvidia = ['none', 'false', 'off', ''].includes(flags.nvidia.toLowerCase()) ? false : 'auto'
  const pricePolicy = pricePolicyFromFlags(flags)
  const payments = await paymentStackFromFlags(flags, pricePolicy)
  const segments = createSegmentService({
    ...(payments ? { payments: payments.payments } : {}),
    secret: flags.orchSecret,
    maxSegmentBytes: flags.maxSegmentBytes,
    local: flags.localTranscode,
  })
  const pipelineKinds: PipelineKind<unknown>[] = []
  const infoContributors: InfoContributor[] = [segments.infoContributor]
  if (flags.ai) {
    const runtime = createNodeRuntime()
    // A failed runtime is reported to each ai session that awaits it; never as an unhandled rejection.
    runtime.catch(() => {})
    // No per-pipeline price: ai sessions pay the node's quoted price (per sender, auto-adjusted for
    // gas), which is what the ticket params are bound to; a second, unadjusted figure in /info
    // would make gateways echo a price the recipientRand was not derived from.
    pipelineKinds.push(createAiPipelineKind({ runtime }) as PipelineKind<unknown>)
    infoContributors.push(aiInfoContributor)
  }
  let node: RunningOrchestrator
  try {
    node = await startOrchestrator({
      ...(payments ? { payments } : {}),
      segments,
      httpAddr: flags.httpAddr,
      ...(flags.serviceAddr ? { serviceAddr: flags.serviceAddr } : {}),
      monitor: flags.monitor,
      orchestrator: {
        maxSessions: flags.maxSessions,
        transcodingOptions: parseTranscodingOptions(flags.transcodingOptions),
        nvidia,
        dataDir: flags.dataDir,
        loopbackOnly: flags.loopbackOnly,
        maxQueuedFrames: flags.maxQueuedFrames,
        maxPendingPerAddress: flags.maxPendingPerAddress,
        connectTimeoutMs: flags.connectTimeout * 1000,
        pipelineKinds,
      },
      server: {
        plugins: segments.plugins,
        infoContributors,
        address: flags.ethAcctAddr,
        pricePolicy,
        corsOrigins: flags.corsOrigins
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        ...(flags.adminToken ? { adminToken: flags.adminToken } : {}),
        ...(flags.tlsCert && flags.tlsKey
          ? { https: { cert: readFileSync(flags.tlsCert), key: readFileSync(flags.tlsKey) } }
          : {}),
      },
    })
  } catch (err) {
    segments.close()
    await payments?.close()
    throw err
  }
  return {
    ...node,
    async close() {
      segments.close()
      await node.close()
      await payments?.close()
    },
  }
}

/** Runs `prism orchestrator [flags]` until SIGINT/SIGTERM; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, ORCHESTRATOR_FLAGS)
  if (flags.help) {
    process.stdout.write(
      formatHelp(
        'prism orchestrator',
        'Runs an orchestrator: WHIP sessions, passthrough, transcode and ai pipelines, HLS, payments, /info, /metrics.',
        ORCHESTRATOR_FLAGS,
      ),
    )
    return 0
  }
  if (argv.some((a) => /^--?ethKey(=|$)/.test(a)))
    logger.warn(
      '-ethKey on the command line shows the private key in the process list (ps, /proc): use -ethKeyFile <file> (mode 0600) instead',
    )
  const node = await startOrchestratorFromFlags(flags)
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      logger.info(`${sig}: closing`)
      resolve()
    }
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
  await node.close()
  return 0
}
