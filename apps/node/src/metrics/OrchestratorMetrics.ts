/**
 * Prometheus metrics of the orchestrator. Subscribes to the orchestrator's and sessions'
 * observers (business code never calls the registry). Uses `livepeer_*` names where the meaning
 * matches go-livepeer (docs/protocol.md §6.4) and `prism_*` for the rest.
 *
 * `/metrics` is public: no metric carries a session or stream id as a label (they would let anyone
 * name other gateways' sessions). Per-session figures are in the admin API (`/admin/sessions`).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Orchestrator } from '../orchestrator/Orchestrator.ts'

type Totals = { framesIn: number; framesOut: number; framesDropped: number }
type StageSample = { name: string; meanMs: number; fps?: number }

/**
 * Metrics registry bound to one orchestrator.
 *
 * @example
 * const metrics = new OrchestratorMetrics(orch)
 * const text = await metrics.registry.metrics()
 */
export class OrchestratorMetrics {
  readonly registry = new Registry()
  readonly #closed: Totals = { framesIn: 0, framesOut: 0, framesDropped: 0 }
  readonly #reported: Totals = { framesIn: 0, framesOut: 0, framesDropped: 0 }

  constructor(readonly orchestrator: Orchestrator) {
    const r = this.registry
    const orch = orchestrator
    const live = () => {
      const t = { ...this.#closed }
      for (const s of orch.sessions) {
        const p = s.toJSON().pipeline
        t.framesIn += p.framesIn
        t.framesOut += p.framesOut
        t.framesDropped += p.framesDropped
      }
      return t
    }
    const self = this
    const counterFrom = (name: string, help: string, key: keyof Totals) =>
      new Counter({
        name,
        help,
        registers: [r],
        collect() {
          const now = live()[key]
          const delta = now - self.#reported[key]
          if (delta > 0) this.inc(delta)
          self.#reported[key] = Math.max(now, self.#reported[key])
        },
      })
    counterFrom('prism_frames_in_total', 'Frames received from gateways (decoded or forwarded).', 'framesIn')
    counterFrom('prism_frames_out_total', 'Frames sent to encoders or forwarded back.', 'framesOut')
    counterFrom(
      'prism_frames_dropped_total',
      'Frames dropped (full queue or paused output).',
      'framesDropped',
    )
    new Gauge({
      name: 'livepeer_current_sessions_total',
      help: 'Sessions counting against -maxSessions (peer connected and, on a paid node, prepaid).',
      registers: [r],
      collect() {
        this.set(orch.sessionCounts.admitted)
      },
    })
    new Gauge({
      name: 'prism_pending_sessions',
      help: 'WHIP offers not admitted yet (peer still connecting, or awaiting prepayment).',
      registers: [r],
      collect() {
        this.set(orch.sessionCounts.pending)
      },
    })
    new Gauge({
      name: 'livepeer_max_sessions_total',
      help: 'Session capacity (-maxSessions).',
      registers: [r],
      collect() {
        this.set(orch.maxSessions)
      },
    })
    const encoder = new Gauge({
      name: 'prism_encoder_info',
      help: 'H.264 encoder in use (label encoder), value 1.',
      labelNames: ['encoder'],
      registers: [r],
      collect() {
        this.reset()
        this.set({ encoder: orch.encoder.encoder }, 1)
      },
    })
    void encoder
    /** Mean over live sessions of `value` per (kind, stage); no session or stream ids as labels. */
    const perStage = (value: (st: StageSample) => number | undefined) => {
      const acc = new Map<string, { kind: string; stage: string; sum: number; n: number }>()
      for (const s of orch.sessions) {
        const p = s.toJSON().pipeline
        for (const st of p.stages) {
          const samples: StageSample[] = [
            { name: st.name, meanMs: st.meanMs, ...(typeof st.fps === 'number' ? { fps: st.fps } : {}) },
            ...(st.substages ?? []).map((sub) => ({ name: `${st.name}/${sub.name}`, meanMs: sub.meanMs })),
          ]
          for (const sample of samples) {
            const v = value(sample)
            if (v === undefined) continue
            const key = `${p.kind}\u0000${sample.name}`
            const a = acc.get(key) ?? { kind: p.kind, stage: sample.name, sum: 0, n: 0 }
            a.sum += v
            a.n++
            acc.set(key, a)
          }
        }
      }
      return [...acc.values()].map((a) => ({ labels: { kind: a.kind, stage: a.stage }, mean: a.sum / a.n }))
    }
    new Gauge({
      name: 'prism_stage_latency_ms',
      help: 'Mean processing time per frame of each stage, averaged over live sessions of the kind.',
      labelNames: ['kind', 'stage'],
      registers: [r],
      collect() {
        this.reset()
        for (const x of perStage((st) => st.meanMs)) this.set(x.labels, x.mean)
      },
    })
    new Gauge({
      name: 'prism_stage_fps',
      help: 'Output frames per second of each stage (stages that measure it), averaged over live sessions.',
      labelNames: ['kind', 'stage'],
      registers: [r],
      collect() {
        this.reset()
        for (const x of perStage((st) => st.fps)) this.set(x.labels, x.mean)
      },
    })
    const created = new Counter({
      name: 'livepeer_stream_created_total',
      help: 'Sessions started.',
      registers: [r],
    })
    const ended = new Counter({
      name: 'livepeer_stream_ended_total',
      help: 'Sessions ended.',
      registers: [r],
    })
    const refused = new Counter({
      name: 'prism_sessions_refused_total',
      help: 'Sessions refused, by error code.',
      labelNames: ['code'],
      registers: [r],
    })
    const pixels = new Counter({
      name: 'prism_output_pixels_total',
      help: 'Output pixels encoded (width x height x frames), by rendition.',
      labelNames: ['rendition'],
      registers: [r],
    })
    const milPixels = new Counter({
      name: 'livepeer_mil_pixels_processed',
      help: 'Millions of output pixels processed.',
      registers: [r],
    })
    const dropped = new Counter({
      name: 'prism_frame_drops_total',
      help: 'Frame drop events by reason.',
      labelNames: ['reason'],
      registers: [r],
    })
    const steps = new Histogram({
      name: 'prism_frame_step_seconds',
      help:
        'Time of each step of a frame through a frame pipeline, by kind and step: decode (first RTP ' +
        'packet in to raw frame out of the decoder), queue, the stage steps (ai: to_tensor, infer, ' +
        'from_tensor), encode_write (to the encoder stdin), encode (written to its first RTP packet).',
      labelNames: ['kind', 'step'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
      registers: [r],
    })
    orch.observer.on('sessionrefused', (code) => refused.inc({ code }))
    orch.observer.on('newsession', (session) => {
      created.inc()
      session.observer.on('outputpixels', (rep) => {
        pixels.inc({ rendition: rep.rendition }, rep.pixels)
        milPixels.inc(rep.pixels / 1e6)
      })
      session.observer.on('framedropped', (reason) => dropped.inc({ reason }))
      session.observer.on('framesteps', (kind, ms) => {
        for (const step in ms) steps.observe({ kind, step }, ms[step]! / 1000)
      })
      session.observer.once('close', (stats) => {
        ended.inc()
        this.#closed.framesIn += stats.pipeline.framesIn
        this.#closed.framesOut += stats.pipeline.framesOut
        this.#closed.framesDropped += stats.pipeline.framesDropped
      })
    })
  }

  /** Prometheus text exposition. */
  metrics(): Promise<string> {
    return this.registry.metrics()
  }

  /** Content-Type of {@link OrchestratorMetrics.metrics}. */
  get contentType(): string {
    return this.registry.contentType
  }
}
