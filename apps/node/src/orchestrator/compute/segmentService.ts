/**
 * Composition of the orchestrator's segment work for `prism orchestrator`: `POST /segment` (with the
 * payment gate when the node is paid), the attached-transcoder registry and its routes, the
 * `transcoders` field of /info and the transcoder/segment metrics. The CLI passes `plugins` and
 * `infoContributor` to buildServer and `registerMetrics` to its metrics registry.
 */

import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, type Registry } from 'prom-client'
import { transcodeSegment } from '../../media/ffmpeg/transcodeSegment.ts'
import { profilesByName } from '../../media/profiles.ts'
import { segmentPlugin } from '../http/routes/segment.ts'
import { transcoderPlugin } from '../http/routes/transcoders.ts'
import type { InfoContributor } from '../http/ServerTypes.ts'
import type { PaymentManager } from '../payment/paymentManager.ts'
import { segmentPaymentGate } from '../payment/segmentPaymentGate.ts'
import { TranscoderRegistry } from './TranscoderRegistry.ts'

/** Flags `prism orchestrator` gains for segments and attached transcoders. */
export const SEGMENT_FLAGS = {
  orchSecret: {
    type: 'string',
    default: '',
    help: 'Shared secret attached transcoders present (prism transcoder -orchSecret); empty = no transcoders.',
  },
  maxSegmentBytes: {
    type: 'number',
    default: 300 * 1024 * 1024,
    help: 'Largest segment accepted on POST /segment (bytes); larger get SEGMENT_TOO_LARGE (413).',
  },
  localTranscode: {
    type: 'boolean',
    default: true,
    help: 'Transcode segments locally when no attached transcoder is free.',
  },
} as const

/** Options of {@link createSegmentService}. */
export type SegmentServiceOptions = {
  /** Payments; absent = segments are free (offchain). */
  payments?: PaymentManager
  /** `-orchSecret`. Default: '' (transcoders cannot attach). */
  secret?: string
  /** `-maxSegmentBytes`. Default: 300 MB. */
  maxSegmentBytes?: number
  /** `-localTranscode`. Default: true. */
  local?: boolean
  /**
   * TEST FAULT INJECTION ONLY: local transcodes scale to this size instead of the profile's.
   * Never set in production.
   */
  faultScale?: { width: number; height: number }
}

/** What {@link createSegmentService} returns. */
export type SegmentService = {
  registry: TranscoderRegistry
  /** Route plugins for buildServer's `plugins`. */
  plugins: Array<(app: FastifyInstance) => void>
  /** Adds `transcoders` to /info. */
  infoContributor: InfoContributor
  /** Exports `prism_attached_transcoders`, `livepeer_segment_transcoded_total`, … on `registry`. */
  registerMetrics(registry: Registry): void
  close(): void
}

/**
 * The transcoder registry of the segment service: attached transcoders (`secret`) and, unless
 * `local` is false, local ffmpeg transcodes (`transcodeSegment`) when none is free.
 *
 * @example
 * const registry = createSegmentTranscoderRegistry({ secret: 'abc' })
 */
export function createSegmentTranscoderRegistry(
  opts: Pick<SegmentServiceOptions, 'secret' | 'local' | 'faultScale'> = {},
): TranscoderRegistry {
  return new TranscoderRegistry({
    secret: opts.secret ?? '',
    ...(opts.local === false
      ? {}
      : {
          local: (data: Uint8Array, names: readonly string[]) =>
            transcodeSegment(
              data,
              profilesByName(names),
              opts.faultScale ? { faultScale: opts.faultScale } : {},
            ),
        }),
  })
}

/**
 * Builds the segment service.
 *
 * @example
 * const seg = createSegmentService({ secret: flags.orchSecret, payments: stack.payments })
 * await buildServer({ orchestrator, plugins: seg.plugins, infoContributors: [seg.infoContributor] })
 */
export function createSegmentService(opts: SegmentServiceOptions = {}): SegmentService {
  const registry = createSegmentTranscoderRegistry(opts)
  const counts = { ok: 0, failed: 0, pixels: 0 }
  const plugins: SegmentService['plugins'] = [
    (app) => {
      void app.register(segmentPlugin, {
        transcode: (data, profiles, ctx) => registry.transcode(data, profiles, ctx),
        ...(opts.payments ? { payments: segmentPaymentGate(opts.payments) } : {}),
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
    plugins,
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
        help: 'Jobs in flight per attached transcoder',
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
    },
    close: () => registry.close(),
  }
}
