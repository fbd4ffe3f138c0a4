/**
 * Arrange helper for gateway tests: an orchestrator HTTP node with `POST /segment` and the
 * remote-transcoder surface (gRPC `RegisterTranscoder` on the same plaintext port, HTTP/2 prior
 * knowledge beside HTTP/1.1; `/transcodeResults`; inputs), listening on 127.0.0.1 at a free port;
 * plus RTMP publishing with ffmpeg testsrc and a free-port picker.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import type { Server as HttpServer } from 'node:http'
import { createServer } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { createSegmentTranscoderRegistry } from '../../apps/node/src/orchestrator/compute/segmentService.ts'
import type { TranscoderRegistry } from '../../apps/node/src/orchestrator/compute/TranscoderRegistry.ts'
import { registerTranscoderService } from '../../apps/node/src/orchestrator/http/grpc/transcoderService.ts'
import { grpcOrHttp } from '../../apps/node/src/orchestrator/http/grpcServices.ts'
import {
  type SegmentPaymentGate,
  segmentPlugin,
} from '../../apps/node/src/orchestrator/http/routes/segment.ts'
import { transcoderPlugin } from '../../apps/node/src/orchestrator/http/routes/transcoders.ts'
import { createTransport, type RequestHandler } from '../../apps/node/src/orchestrator/http/transport.ts'

/** A running segment node. */
export type SegmentNode = {
  app: FastifyInstance
  uri: string
  registry: TranscoderRegistry
  /** Segments this node answered. */
  served: number[]
  close(): Promise<void>
}

/** Options of {@link startSegmentNode}. */
export type SegmentNodeOptions = {
  /** TEST FAULT INJECTION: scale every rendition to this size (a cheating orchestrator). */
  faultScale?: { width: number; height: number }
  payments?: SegmentPaymentGate
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
  const registry = createSegmentTranscoderRegistry({
    secret: opts.secret ?? 'test-secret',
    ...(opts.local === false ? { local: false } : {}),
    ...(opts.faultScale ? { faultScale: opts.faultScale } : {}),
  })
  // the orchestrator's port: gRPC (RegisterTranscoder) beside the HTTP routes
  const shutdown = new AbortController()
  const app = Fastify({
    logger: false,
    serverFactory: (handler) =>
      createTransport({
        handler: grpcOrHttp(
          [(router) => registerTranscoderService(router, registry)],
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
    ...(opts.payments ? { payments: opts.payments } : {}),
    ...(opts.maxSegmentBytes ? { maxSegmentBytes: opts.maxSegmentBytes } : {}),
  })
  await app.register(transcoderPlugin, { registry })
  opts.routes?.(app)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  return {
    app,
    uri: `http://127.0.0.1:${port}`,
    registry,
    served,
    close: async () => {
      registry.close()
      await app.close()
    },
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => resolve(port))
    })
  })
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
