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
import { type net, netCapabilities } from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import { logger } from '../lib/logger.ts'
import { OrchestratorMetrics } from '../metrics/OrchestratorMetrics.ts'
import { registerPaymentMetrics } from '../metrics/PaymentMetrics.ts'
import { aiInfoContributor, aiModelInfos } from '../orchestrator/compute/aiInfoContributor.ts'
import { liveRunnerFactory } from '../orchestrator/compute/LiveRunner.ts'
import {
  createSegmentService,
  SEGMENT_FLAGS,
  type SegmentService,
} from '../orchestrator/compute/segmentService.ts'
import { buildServer, NODE_VERSION } from '../orchestrator/http/buildServer.ts'
import { AuthTokens } from '../orchestrator/http/grpc/authTokens.ts'
import {
  advertisedCapabilities,
  type OrchestratorServiceOptions,
  orchestratorGrpcService,
} from '../orchestrator/http/grpc/orchestratorService.ts'
import { SessionEndHooks } from '../orchestrator/http/grpc/sessionEndHooks.ts'
import { liveVideoToVideoPlugin } from '../orchestrator/http/routes/liveVideoToVideo.ts'
import { paymentPlugin } from '../orchestrator/http/routes/payment.ts'
import { tricklePlugin } from '../orchestrator/http/routes/trickle.ts'
import type { InfoContributor, ServerOptions } from '../orchestrator/http/ServerTypes.ts'
import { writeSelfSignedCert } from '../orchestrator/http/selfSignedCert.ts'
import { Orchestrator } from '../orchestrator/Orchestrator.ts'
import type { OrchestratorOptions } from '../orchestrator/OrchestratorTypes.ts'
import { ticketParamsContributor } from '../orchestrator/payment/infoContribution.ts'
import { PricePolicy } from '../orchestrator/payment/pricePolicy.ts'
import type { PaymentStack } from '../orchestrator/paymentStack.ts'
import { createAiPipelineKind } from '../orchestrator/pipelines/aiPipelineKind.ts'
import type { PipelineKind } from '../orchestrator/pipelines/PipelineTypes.ts'
import { parseTranscodingOptions } from '../orchestrator/pipelines/transcodeKind.ts'
import type { LiveRunnerFactory } from '../orchestrator/sessions/LiveSession.ts'
import { LiveSessions } from '../orchestrator/sessions/LiveSessions.ts'
import { TrickleServer, type TrickleServerOptions } from '../orchestrator/trickle/TrickleServer.ts'
import { registerMediaPlaneMetrics } from '../webrtc/mediasoup/mediaPlaneMetrics.ts'
import { defaultMaxSessions, SESSIONS_PER_CORE } from './defaultMaxSessions.ts'
import { CliFlagInvalidError } from './errors.ts'
import { formatHelp, type ParsedFlags, parseFlags } from './flags.ts'
import { planListen, splitHostPort } from './listenAddress.ts'
import {
  PAYMENT_FLAGS,
  paymentStackFromFlags,
  pricePolicyFromFlags,
  resolveNetworkName,
} from './paymentFlags.ts'

/** Flags of `prism orchestrator` (go-livepeer names where they mean the same). */
export const ORCHESTRATOR_FLAGS = {
  httpAddr: {
    type: 'string',
    default: '127.0.0.1:8935',
    help: 'Address the node binds, [scheme://]host:port (port 0 = any free port): gRPC and HTTP on one port. No scheme or https:// = TLS (a fresh self-signed certificate unless -tlsCert/-tlsKey); http:// = plaintext (HTTP/2 prior knowledge and HTTP/1.1).',
  },
  serviceAddr: {
    type: 'string',
    help: 'Public [scheme://]host:port gateways use (the service URI in /info and GetOrchestrator; http:// = plaintext). Default: -httpAddr.',
  },
  maxSessions: {
    type: 'number',
    default: defaultMaxSessions(),
    help: `Maximum concurrent sessions (counted once their peer connected and, when paid, prepaid); more get SESSION_LIMIT_REACHED (503). Default: what this machine holds in real time on the CPU, ${SESSIONS_PER_CORE} per core (a 640x360 30 fps transcode or ai stream costs 0.34-0.48 of a core, npm run bench:streams) x os.availableParallelism(), here ${defaultMaxSessions()}; GPU nodes set it.`,
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
  tlsCert: {
    type: 'string',
    help: 'PEM certificate file (with -tlsKey) instead of the self-signed one (browsers need a real one).',
  },
  tlsKey: { type: 'string', help: 'PEM private key file of -tlsCert.' },
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
  webrtcPort: {
    type: 'number',
    default: 0,
    help: 'First UDP and TCP port of the mediasoup WebRtcServers that WHEP viewers connect to: worker i listens on this port + i (open them in the firewall). 0 = free ports.',
  },
  webrtcAnnouncedAddress: {
    type: 'string',
    help: 'Public IP or host name announced in WHEP answers (behind NAT). Default: 127.0.0.1 with -loopbackOnly, else the first non-internal IPv4.',
  },
  mediasoupWorkers: {
    type: 'number',
    default: 0,
    help: 'mediasoup worker processes (WHEP fan-out). 0 = one per core.',
  },
  maxViewers: {
    type: 'number',
    default: 100,
    help: 'WHEP viewers per stream; more get WHEP_VIEWER_LIMIT (503).',
  },
  viewersPerWorker: {
    type: 'number',
    default: 500,
    help: "A stream's WHEP viewers one mediasoup worker takes before more go to another worker (pipeToRouter).",
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
  aiWorkers: {
    type: 'boolean',
    default: true,
    help: "Run each ai session's model chain on a worker thread (one idle thread kept warm), so inference never blocks the node's event loop; false = on the main thread.",
  },
  ...PAYMENT_FLAGS,
  ...SEGMENT_FLAGS,
} as const

/** Options of {@link startOrchestrator}: orchestrator and server options plus where to listen. */
export type StartOrchestratorOptions = {
  /**
   * `[scheme://]host:port` to bind. No scheme or `https://`: TLS with `server.https`, else a fresh
   * self-signed certificate written to the data folder; `http://`: plaintext. Default:
   * 127.0.0.1:8935 (TLS).
   */
  httpAddr?: string
  /** Public `[scheme://]host:port` (`http://` = plaintext). Default: the bound address. */
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
  /**
   * go-livepeer session credentials shared by gRPC and `/segment`: the auth token issuer and the
   * teardown hooks of EndTranscodingSession. Default: new ones.
   */
  wire?: Partial<WireSessions>
  /** Model ids of the `ai` pipeline, advertised under capability 35 in GetOrchestrator. Default: none. */
  aiModels?: readonly string[]
  /**
   * Live AI over trickle (`POST /live-video-to-video`, `/ai/trickle/`), served with `aiModels`:
   * the runner of each session, the live payment interval, the trickle server's timings.
   * Default: channels without a runner, 5 s, the protocol's timings.
   */
  live?: { runner?: LiveRunnerFactory; paymentIntervalMs?: number; trickle?: TrickleServerOptions }
}

/** The auth tokens and session teardown hooks of the go-livepeer protocol (one per node). */
export type WireSessions = { tokens: AuthTokens; endHooks: SessionEndHooks }

/** A running orchestrator node. */
export type RunningOrchestrator = {
  orchestrator: Orchestrator
  app: FastifyInstance
  /** e.g. `https://127.0.0.1:41234` (plaintext: `http://…`) */
  url: string
  /** The service URI gateways are given (`/info`, GetOrchestrator). */
  serviceURI: string
  /** Auth tokens and EndTranscodingSession hooks (what `/segment` checks and registers with). */
  wire: WireSessions
  /** The capabilities GetOrchestrator advertises now (what `/segment` checks jobs against). */
  capabilities(): net.Capabilities
  close(): Promise<void>
}

/**
 * Starts an orchestrator and its server, listening on `httpAddr`.
 *
 * @example
 * const node = await startOrchestrator({ httpAddr: '127.0.0.1:0' })
 * console.log(node.url); await node.close()
 */
export async function startOrchestrator(opts: StartOrchestratorOptions = {}): Promise<RunningOrchestrator> {
  const plan = planListen(opts.httpAddr ?? '127.0.0.1:8935', opts.serviceAddr)
  if (!plan.tls && opts.server?.https)
    throw new CliFlagInvalidError(
      '-tlsCert/-tlsKey need a TLS address: drop http:// from -httpAddr/-serviceAddr',
    )
  const orchestrator = new Orchestrator(opts.orchestrator ?? {})
  await orchestrator.start()
  const scheme = plan.tls ? 'https' : 'http'
  const localHost = plan.host === '0.0.0.0' || plan.host === '::' ? '127.0.0.1' : plan.host
  let https: { cert: string | Buffer; key: string | Buffer } | undefined = opts.server?.https
  try {
    // as go-livepeer: a fresh self-signed certificate at every start, for the service host
    if (plan.tls && !https) {
      const certHost = plan.serviceHostPort ? splitHostPort(plan.serviceHostPort).host : localHost
      https = await writeSelfSignedCert(certHost, orchestrator.dataDir)
    }
  } catch (err) {
    await orchestrator.close()
    throw err
  }
  const metrics = opts.monitor === false ? undefined : new OrchestratorMetrics(orchestrator)
  const pay = opts.payments
  if (metrics && opts.segments) opts.segments.registerMetrics(metrics.registry)
  if (metrics && orchestrator.mediaPlane) registerMediaPlaneMetrics(metrics.registry, orchestrator.mediaPlane)
  if (pay) {
    orchestrator.setPayments(pay.payments)
    if (metrics) registerPaymentMetrics(metrics.registry, pay)
  }
  const wire: WireSessions = {
    tokens: opts.wire?.tokens ?? new AuthTokens(),
    endHooks: opts.wire?.endHooks ?? new SessionEndHooks(),
  }
  let serviceURI = ''
  const pricePolicy = pay?.pricePolicy ?? opts.server?.pricePolicy ?? new PricePolicy({ pricePerUnit: 0n })
  // -maxSessions counts WHIP sessions and /segment's transcoding sessions alike
  if (opts.segments) {
    const segments = opts.segments
    wire.endHooks.register((id) => segments.endSession(id))
  }
  // live AI sessions (with aiModels): their trickle channels and the sessions owning them
  const live = opts.aiModels
    ? { trickle: new TrickleServer(opts.live?.trickle ?? {}), sessions: new LiveSessions() }
    : undefined
  const serviceOptions: OrchestratorServiceOptions = {
    orchestrator,
    activeSessions: () =>
      orchestrator.sessionCounts.admitted + (opts.segments?.sessions.size ?? 0) + (live?.sessions.size ?? 0),
    serviceURI: () => serviceURI,
    pricePolicy,
    tokens: wire.tokens,
    endHooks: wire.endHooks,
    ...(pay ? { onChain: { payments: pay.payments, signer: pay.signer, address: pay.recipient } } : {}),
    ...(opts.aiModels ? { aiModels: opts.aiModels } : {}),
    version: NODE_VERSION,
    // attached remote transcoders add their capacity while connected
    ...(opts.segments ? { transcoderCapacities: () => opts.segments?.registry.capacities() ?? {} } : {}),
  }
  const orchestratorService = orchestratorGrpcService(serviceOptions)
  const livePlugins = live
    ? [
        (a: FastifyInstance) => tricklePlugin(a, { server: live.trickle }),
        (a: FastifyInstance) =>
          liveVideoToVideoPlugin(a, {
            ...live,
            tokens: wire.tokens,
            capabilities: () => advertisedCapabilities(serviceOptions),
            serviceURI: () => serviceURI,
            ...(pay ? { payments: pay.payments } : {}),
            ...(opts.live?.runner ? { runner: opts.live.runner } : {}),
            ...(opts.live?.paymentIntervalMs !== undefined
              ? { paymentIntervalMs: opts.live.paymentIntervalMs }
              : {}),
          }),
      ]
    : []
  const app = await buildServer({
    ...opts.server,
    plugins: [...(opts.server?.plugins ?? []), ...livePlugins],
    orchestrator,
    pricePolicy,
    ...(https ? { https } : {}),
    ...(metrics ? { metrics } : {}),
    grpcServices: [orchestratorService, ...(opts.server?.grpcServices ?? [])],
    ...(pay
      ? {
          address: pay.recipient,
          infoContributors: [...(opts.server?.infoContributors ?? []), ticketParamsContributor(pay.payments)],
          plugins: [
            ...(opts.server?.plugins ?? []),
            ...livePlugins,
            (a: FastifyInstance) =>
              paymentPlugin(a, {
                payments: pay.payments,
                // go-livepeer's form (live AI top-ups keyed by the session's manifest id)
                wire: {
                  tokens: wire.tokens,
                  capabilities: () => advertisedCapabilities(serviceOptions),
                  serviceURI: () => serviceURI,
                  address: pay.recipient,
                },
              }),
          ],
        }
      : {}),
    get serviceURI() {
      return serviceURI
    },
  })
  try {
    await app.listen({ host: plan.host, port: plan.port })
  } catch (err) {
    await orchestrator.close()
    await app.close()
    throw err
  }
  const addr = app.server.address()
  const bound = typeof addr === 'object' && addr ? addr.port : plan.port
  const url = `${scheme}://${localHost.includes(':') ? `[${localHost}]` : localHost}:${bound}`
  serviceURI = plan.serviceHostPort ? `${scheme}://${plan.serviceHostPort}` : url
  logger.info(`orchestrator listening on ${url} (serviceURI ${serviceURI}; gRPC and HTTP)`)
  return {
    orchestrator,
    app,
    url,
    serviceURI,
    wire,
    capabilities: () => advertisedCapabilities(serviceOptions),
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
  // -network offchain (go-livepeer's name): no account, no price, no tickets, nothing signed
  const offchain = resolveNetworkName(flags) === 'offchain'
  if (offchain && (flags.ethKey || flags.ethKeyFile || flags.ethKeystorePath))
    logger.warn('-network offchain: ignoring -ethKey/-ethKeyFile/-ethKeystorePath (payments off)')
  const payments = offchain ? undefined : await paymentStackFromFlags(flags, pricePolicy)
  // the auth tokens GetOrchestrator issues and /segment checks, and EndTranscodingSession's hooks
  const wire: WireSessions = { tokens: new AuthTokens(), endHooks: new SessionEndHooks() }
  // read per request, once the node runs: its service URI, capabilities and session count
  let node: RunningOrchestrator | undefined
  const segments = createSegmentService({
    ...(payments ? { payments: payments.payments } : {}),
    wire: {
      tokens: wire.tokens,
      capabilities: () => node?.capabilities() ?? netCapabilities({ capabilities: [] }),
      serviceURI: () => node?.serviceURI ?? '',
      maxSessions: () => flags.maxSessions,
      activeSessions: () => (node?.orchestrator.sessionCounts.admitted ?? 0) + segments.sessions.size,
      ...(payments ? { identity: { signer: payments.signer, address: payments.recipient } } : {}),
    },
    secret: flags.orchSecret,
    maxSegmentBytes: flags.maxSegmentBytes,
    local: flags.localTranscode,
    // NotifySegment.orchId: the recipient address, or `offchain`
    ...(payments ? { orchId: payments.recipient } : {}),
  })
  const pipelineKinds: PipelineKind<unknown>[] = []
  const infoContributors: InfoContributor[] = [segments.infoContributor]
  let liveRunner: LiveRunnerFactory | undefined
  if (flags.ai) {
    const runtime = createNodeRuntime()
    // A failed runtime is reported to each ai session that awaits it; never as an unhandled rejection.
    runtime.catch(() => {})
    // No per-pipeline price: ai sessions pay the node's quoted price (per sender, auto-adjusted for
    // gas), which is what the ticket params are bound to; a second, unadjusted figure in /info
    // would make gateways echo a price the recipientRand was not derived from.
    pipelineKinds.push(
      createAiPipelineKind({
        runtime,
        ...(flags.aiWorkers ? { workers: { spare: 1, warm: true } } : {}),
      }) as PipelineKind<unknown>,
    )
    // live-video-to-video over trickle runs the same chains in-process
    liveRunner = liveRunnerFactory({ runtime })
    infoContributors.push(aiInfoContributor)
  }
  let started: RunningOrchestrator
  try {
    started = await startOrchestrator({
      ...(payments ? { payments } : {}),
      segments,
      wire,
      ...(flags.ai ? { aiModels: aiModelInfos().map((m) => m.id) } : {}),
      ...(liveRunner ? { live: { runner: liveRunner } } : {}),
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
        // mediasoup workers start with the node: a missing worker binary stops it here
        mediaPlane: {
          webrtcPort: flags.webrtcPort,
          maxViewers: flags.maxViewers,
          viewersPerWorker: flags.viewersPerWorker,
          ...(flags.mediasoupWorkers > 0 ? { workers: flags.mediasoupWorkers } : {}),
          ...(flags.webrtcAnnouncedAddress ? { announcedAddress: flags.webrtcAnnouncedAddress } : {}),
        },
      },
      server: {
        plugins: segments.plugins,
        // net.Transcoder (RegisterTranscoder) when -orchSecret is set
        grpcServices: [(router) => segments.registerGrpc(router)],
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
  node = started
  return {
    ...started,
    async close() {
      segments.close()
      await started.close()
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
      '-ethKey on the command line shows the private key in the process list (ps, /proc): use -ethKeystorePath <keystore> -ethPassword <file>, or -ethKeyFile <file> (mode 0600), instead',
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
