/**
 * Arrange helper for gateway tests: an orchestrator node speaking go-livepeer's protocol on one
 * port (TLS with a fresh self-signed certificate by default, else plaintext HTTP/2 prior knowledge
 * beside HTTP/1.1): gRPC `GetOrchestrator` / `EndTranscodingSession` / `Ping` and
 * `RegisterTranscoder`, `POST /segment` with its renditions at `/stream/…`, `/transcodeResults`
 * and the transcoders' inputs; off chain, or on chain with a PaymentManager and the node's
 * account; listening on 127.0.0.1 at a free port. Plus RTMP publishing with ffmpeg testsrc and a
 * free-port picker.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import type { Server as HttpServer } from 'node:http'
import type { TicketSigner } from '@prism/protocol'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Address } from 'viem'
import { SegmentTranscoders } from '../../apps/node/src/media/ffmpeg/SegmentTranscoders.ts'
import { createSegmentTranscoderRegistry } from '../../apps/node/src/orchestrator/compute/segmentService.ts'
import type { TranscoderRegistry } from '../../apps/node/src/orchestrator/compute/TranscoderRegistry.ts'
import { AuthTokens } from '../../apps/node/src/orchestrator/http/grpc/authTokens.ts'
import { orchestratorCapabilities } from '../../apps/node/src/orchestrator/http/grpc/orchestratorCapabilities.ts'
import { orchestratorGrpcService } from '../../apps/node/src/orchestrator/http/grpc/orchestratorService.ts'
import { SessionEndHooks } from '../../apps/node/src/orchestrator/http/grpc/sessionEndHooks.ts'
import { registerTranscoderService } from '../../apps/node/src/orchestrator/http/grpc/transcoderService.ts'
import { grpcOrHttp } from '../../apps/node/src/orchestrator/http/grpcServices.ts'
import { segmentPlugin } from '../../apps/node/src/orchestrator/http/routes/segment.ts'
import { segmentRouteOptions } from '../../apps/node/src/orchestrator/http/routes/segmentWire.ts'
import { transcoderPlugin } from '../../apps/node/src/orchestrator/http/routes/transcoders.ts'
import { createSelfSignedCert } from '../../apps/node/src/orchestrator/http/selfSignedCert.ts'
import { createTransport, type RequestHandler } from '../../apps/node/src/orchestrator/http/transport.ts'
import { Orchestrator } from '../../apps/node/src/orchestrator/Orchestrator.ts'
import type { PaymentManager } from '../../apps/node/src/orchestrator/payment/paymentManager.ts'
import { PricePolicy } from '../../apps/node/src/orchestrator/payment/pricePolicy.ts'
import { SegmentSessions } from '../../apps/node/src/orchestrator/sessions/SegmentSessions.ts'

/** A running segment node. */
export type SegmentNode = {
  app: FastifyInstance
  /** The service URI: `https://127.0.0.1:<port>` (TLS, the default) or `http://…`. */
  uri: string
  registry: TranscoderRegistry
  /** The local transcodes' ffmpeg processes (one long-lived per session where segments allow). */
  transcoders: SegmentTranscoders
  /** POST /segment's sessions (queues, stored renditions). */
  sessions: SegmentSessions
  /** The auth tokens GetOrchestrator issues and /segment checks. */
  tokens: AuthTokens
  /** The PEM certificate of its TLS port (undefined in plaintext). */
  cert: string | undefined
  /** Segments this node answered. */
  served: number[]
  close(): Promise<void>
}

/** Options of {@link startSegmentNode}. */
export type SegmentNodeOptions = {
  /** TEST FAULT INJECTION: scale every rendition to this size (a cheating orchestrator). */
  faultScale?: { width: number; height: number }
  /** On chain: payments, price and the node's account (signs results, Ping). Absent = off chain. */
  paid?: { payments: PaymentManager; pricePolicy: PricePolicy; signer: TicketSigner; address: Address }
  /** TLS with a fresh self-signed certificate (`https://` URI). Default: true. */
  tls?: boolean
  /** `-maxSessions`. Default: 10. */
  maxSessions?: number
  /** Auth tokens (e.g. with a test clock). Default: a new AuthTokens. */
  tokens?: AuthTokens
  /** Port to listen on. Default: 0 (any free port). */
  port?: number
  maxSegmentBytes?: number
  /** Shared secret for attached transcoders. Default: 'test-secret'. */
  secret?: string
  /** Transcode locally when no transcoder is free. Default: true. */
  local?: boolean
  /** Extra routes (e.g. `/info`), registered before listening. */
  routes?: (app: FastifyInstance) => void
}

/** Starts a segment node on a free port. */
export async function startSegmentNode(opts: SegmentNodeOptions = {}): Promise<SegmentNode> {
  const served: number[] = []
  const transcoders = new SegmentTranscoders()
  const registry = createSegmentTranscoderRegistry(
    {
      secret: opts.secret ?? 'test-secret',
      ...(opts.local === false ? { local: false } : {}),
      ...(opts.faultScale ? { faultScale: opts.faultScale } : {}),
    },
    transcoders,
  )
  const maxSessions = opts.maxSessions ?? 10
  const orchestrator = new Orchestrator({ maxSessions, nvidia: false })
  const tokens = opts.tokens ?? new AuthTokens()
  const sessions = new SegmentSessions()
  const endHooks = new SessionEndHooks()
  endHooks.register((id) => {
    sessions.end(id)
    registry.endSession(id)
  })
  let uri = ''
  const capabilities = () =>
    orchestratorCapabilities({
      pipelineKinds: ['transcode'],
      maxSessions,
      activeSessions: sessions.size,
      aiSessions: 0,
      aiModels: [],
      version: '0.1.0',
    })
  const paid = opts.paid
  const getOrchestrator = orchestratorGrpcService({
    orchestrator,
    serviceURI: () => uri,
    pricePolicy: paid?.pricePolicy ?? new PricePolicy({ pricePerUnit: 0n }),
    tokens,
    endHooks,
    version: '0.1.0',
    activeSessions: () => sessions.size,
    ...(paid ? { onChain: { payments: paid.payments, signer: paid.signer, address: paid.address } } : {}),
  })
  const tls = opts.tls === false ? undefined : await createSelfSignedCert('127.0.0.1')
  // the orchestrator's port: gRPC (GetOrchestrator, RegisterTranscoder) beside the HTTP routes
  const shutdown = new AbortController()
  const app = Fastify({
    logger: false,
    serverFactory: (handler) =>
      createTransport({
        ...(tls ? { tls } : {}),
        handler: grpcOrHttp(
          [getOrchestrator, (router) => registerTranscoderService(router, registry)],
          handler as RequestHandler,
          shutdown.signal,
        ),
      }) as unknown as HttpServer,
  }) as unknown as FastifyInstance
  app.addHook('preClose', (done) => {
    shutdown.abort()
    done()
  })
  await app.register(segmentPlugin, {
    transcode: (data, profiles, ctx) => registry.transcode(data, profiles, ctx),
    onSegment: (i) => {
      if (i.ok) served.push(i.seq)
    },
    ...segmentRouteOptions(
      {
        tokens,
        capabilities,
        serviceURI: () => uri,
        sessions,
        maxSessions: () => maxSessions,
        ...(paid ? { identity: { signer: paid.signer, address: paid.address } } : {}),
      },
      paid?.payments,
    ),
    ...(opts.maxSegmentBytes ? { maxSegmentBytes: opts.maxSegmentBytes } : {}),
  })
  await app.register(transcoderPlugin, { registry })
  opts.routes?.(app)
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  uri = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`
  return {
    app,
    uri,
    registry,
    transcoders,
    sessions,
    tokens,
    cert: tls?.cert,
    served,
    close: async () => {
      sessions.close()
      registry.close()
      transcoders.close()
      await app.close()
      await orchestrator.close()
    },
  }
}

/** A running ffmpeg publisher. */
export type RtmpPublisher = { child: ChildProcess; done: Promise<number | null>; kill(): Promise<void> }

/**
 * Publishes `seconds` of 640x360 30 fps testsrc (H.264, 1 s GOP) in real time to `url`.
 *
 * @example
 * const pub = publishTestsrc('rtmp://127.0.0.1:1935/live/cam', 20); await pub.done
 */
export function publishTestsrc(url: string, seconds: number): RtmpPublisher {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-v',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=640x360:rate=30`,
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '30',
      '-keyint_min',
      '30',
      '-pix_fmt',
      'yuv420p',
      '-f',
      'flv',
      url,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return {
    child,
    done,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await done
    },
  }
}

/**
 * Makes `seconds` of 640x360 testsrc as MPEG-TS bytes (for direct `POST /segment` tests).
 */
export async function makeTestSegment(seconds = 2): Promise<Buffer> {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=640x360:rate=30',
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '30',
      '-pix_fmt',
      'yuv420p',
      '-f',
      'mpegts',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const out: Buffer[] = []
  child.stdout.on('data', (d: Buffer) => out.push(d))
  const code = await new Promise<number | null>((r) => child.on('close', r))
  if (code !== 0) throw new Error(`ffmpeg exited ${code}`)
  return Buffer.concat(out)
}
