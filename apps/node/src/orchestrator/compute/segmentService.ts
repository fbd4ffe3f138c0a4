/**
 * Composition of the orchestrator's segment work for `prism orchestrator`: `POST /segment` (with the
 * payment gate when the node is paid), the remote-transcoder registry with its gRPC service
 * (`registerGrpc`, for the server's Connect router) and HTTP routes (`/transcodeResults`, inputs at
 * `/stream/<session>/<seq>.tempfile`), the `transcoders` field of /info and the transcoder/segment
 * metrics. The CLI passes `plugins`, `registerGrpc` and `infoContributor` to buildServer and
 * `registerMetrics` to its metrics registry.
 */

import type { ConnectRouter } from '@connectrpc/connect'
import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, type Registry } from 'prom-client'
import { SegmentTranscoders } from '../../media/ffmpeg/SegmentTranscoders.ts'
import { registerTranscoderService } from '../http/grpc/transcoderService.ts'
import { segmentPlugin } from '../http/routes/segment.ts'
import {
  type SegmentWireOptions,
  segmentRouteOptions,
  standaloneSegmentWire,
} from '../http/routes/segmentWire.ts'
import { transcoderPlugin } from '../http/routes/transcoders.ts'
import type { InfoContributor } from '../http/ServerTypes.ts'
import type { PaymentManager } from '../payment/paymentManager.ts'
import { SegmentSessions } from '../sessions/SegmentSessions.ts'
import { TranscoderRegistry } from './TranscoderRegistry.ts'
import type { LocalTranscode } from './TranscoderRegistryTypes.ts'

/** Flags `prism orchestrator` gains for segments and attached transcoders. */
export const SEGMENT_FLAGS = {
  orchSecret: {
    type: 'string',
    default: '',
    help: 'Shared secret remote transcoders present (RegisterTranscoder, /transcodeResults); empty = no remote transcoders.',
  },
  maxSegmentBytes: {
    type: 'number',
    default: 300 * 1024 * 1024,
    help: 'Largest segment accepted on POST /segment (bytes); larger get SEGMENT_TOO_LARGE (413).',
  },
  localTranscode: {
    type: 'boolean',
    default: true,
    help: 'Transcode segments locally when no remote transcoder can take them.',
  },
} as const

/** Options of {@link createSegmentService}. */
export type SegmentServiceOptions = {
  /** Payments; absent = segments are free (offchain). */
  payments?: PaymentManager
  /**
   * The node context of POST /segment (auth tokens shared with GetOrchestrator, capabilities,
   * service URI, sessions, and on chain the result signer). Default: a standalone one (its own
   * tokens: only for tests).
   */
  wire?: SegmentWireOptions
  /** `-orchSecret`. Default: '' (transcoders cannot attach). */
  secret?: string
  /** `-maxSegmentBytes`. Default: 300 MB. */
  maxSegmentBytes?: number
  /** `-localTranscode`. Default: true. */
  local?: boolean
  /** NotifySegment.orchId: the recipient address hex. Default: `offchain`. */
  orchId?: string
  /**
   * TEST FAULT INJECTION ONLY: local transcodes scale to this size instead of the profile's.
   * Never set in production.
   */
  faultScale?: { width: number; height: number }
}

/** What {@link createSegmentService} returns. */
export type SegmentService = {
  registry: TranscoderRegistry
  /** POST /segment's sessions (queues, renditions). */
  sessions: SegmentSessions
  /** Ends a transcoding session (EndTranscodingSession): its renditions and its remote transcoder. */
  endSession(sessionId: string): void
  /** Route plugins for buildServer's `plugins`. */
  plugins: Array<(app: FastifyInstance) => void>
  /** Registers `net.Transcoder` on the server's Connect router (nothing without a secret). */
  registerGrpc(router: ConnectRouter): void
  /** Adds `transcoders` to /info. */
  infoContributor: InfoContributor
  /** Exports `prism_attached_transcoders`, `livepeer_segment_transcoded_total`, … on `registry`. */
  registerMetrics(registry: Registry): void
  close(): void
}

/**
 * The transcoder registry of the segment service: remote transcoders (`secret`) and, unless
 * `local` is false, local ffmpeg transcodes ({@link SegmentTranscoders}: a session's consecutive
 * segments through one long-lived ffmpeg, others through one each, all killed when the registry
 * closes) when none can take a segment.
 * A profile with fps 0 (keep the source rate) is encoded at 30 fps locally.
 *
 * `transcoders` (default: new ones) are the local ones, closed with the registry.
 *
 * @example
 * const registry = createSegmentTranscoderRegistry({ secret: 'abc' })
 */
export function createSegmentTranscoderRegistry(
  opts: Pick<SegmentServiceOptions, 'secret' | 'local' | 'faultScale' | 'orchId'> = {},
  localTranscoders?: SegmentTranscoders,
): TranscoderRegistry {
  // a session's consecutive segments share one ffmpeg; others get one each, started ahead;
  // all killed when the registry closes
  const transcoders = opts.local === false ? undefined : (localTranscoders ?? new SegmentTranscoders())
  const local: LocalTranscode = (data, profiles, sessionId) =>
    transcoders!.transcode(
      data,
      profiles.map((p) => ({
        name: p.name,
        width: p.width,
        height: p.height,
        fps: p.fps || 30,
        bitrateKbps: p.bitrateKbps,
      })),
      { session: sessionId, ...(opts.faultScale ? { faultScale: opts.faultScale } : {}) },
    )
  const registry = new TranscoderRegistry({
    secret: opts.secret ?? '',
    ...(opts.orchId ? { orchId: opts.orchId } : {}),
    ...(transcoders ? { local, onClose: () => transcoders.close() } : {}),
  })
  if (transcoders) registry.on('sessionEnded', (id) => transcoders.endSession(id))
  return registry
}

/**
 * Builds the segment service.
 *
 * @example
 * const seg = createSegmentService({ secret: flags.orchSecret, payments: stack.payments })
 * await buildServer({ orchestrator, plugins: seg.plugins, infoContributors: [seg.infoContributor] })
 */
export function createSegmentService(opts: SegmentServiceOptions = {}): SegmentService {
  const transcoders = opts.local === false ? undefined : new SegmentTranscoders()
  const registry = createSegmentTranscoderRegistry(opts, transcoders)
  const sessions = opts.wire?.sessions ?? new SegmentSessions()
  const counts = { ok: 0, failed: 0, pixels: 0 }
  const plugins: SegmentService['plugins'] = [
    (app) => {
      void app.register(segmentPlugin, {
        transcode: (data, profiles, ctx) => registry.transcode(data, profiles, ctx),
        ...segmentRouteOptions({ ...(opts.wire ?? standaloneSegmentWire()), sessions }, opts.payments),
        ...(opts.maxSegmentBytes ? { maxSegmentBytes: opts.maxSegmentBytes } : {}),
        onSegment: (i) => {
          if (i.ok) {
            counts.ok++
            counts.pixels += i.pixels
          } else counts.failed++
        },
      })
    },
  ]
  if (opts.secret) plugins.push((app) => void app.register(transcoderPlugin, { registry }))
  return {
    registry,
    sessions,
    endSession(sessionId) {
      sessions.end(sessionId)
      registry.endSession(sessionId)
    },
    plugins,
    registerGrpc(router) {
      if (opts.secret) registerTranscoderService(router, registry)
    },
    infoContributor: () => ({
      transcoders: registry.list().map((t) => ({ id: t.id, capacity: t.capacity, load: t.load })),
    }),
    registerMetrics(r) {
      new Gauge({
        name: 'prism_attached_transcoders',
        help: 'Attached transcoder processes',
        registers: [r],
        collect() {
          this.set(registry.list().length)
        },
      })
      new Gauge({
        name: 'prism_attached_transcoder_load',
        help: 'Sessions assigned per attached transcoder',
        labelNames: ['transcoder'],
        registers: [r],
        collect() {
          this.reset()
          for (const t of registry.list()) this.set({ transcoder: t.id }, t.load)
        },
      })
      const c = (name: string, help: string, get: () => number) =>
        new Counter({
          name,
          help,
          registers: [r],
          collect() {
            this.reset()
            this.inc(get())
          },
        })
      c('livepeer_segment_transcoded_total', 'Segments transcoded on POST /segment', () => counts.ok)
      c(
        'livepeer_segment_transcode_failed_total',
        'Segments that failed on POST /segment',
        () => counts.failed,
      )
      c('prism_segment_output_pixels_total', 'Output pixels of POST /segment renditions', () => counts.pixels)
      new Gauge({
        name: 'prism_segment_local_runs',
        help: 'Sessions whose segments go through a long-lived local ffmpeg now',
        registers: [r],
        collect() {
          this.set(transcoders?.activeRuns ?? 0)
        },
      })
      new Counter({
        name: 'prism_segment_local_transcodes_total',
        help: 'Segments transcoded by local ffmpeg: path="session" through the session’s long-lived ffmpeg, "own" through one of their own',
        labelNames: ['path'],
        registers: [r],
        collect() {
          this.reset()
          this.inc({ path: 'session' }, transcoders?.counts.continuous ?? 0)
          this.inc({ path: 'own' }, transcoders?.counts.perSegment ?? 0)
        },
      })
    },
    close: () => {
      sessions.close()
      registry.close()
    },
  }
}
