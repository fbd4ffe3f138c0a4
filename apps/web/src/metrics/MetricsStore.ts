import { Emitter } from '../lib/Emitter.ts'

/** Series the app charts. */
export type MetricSeries = 'rttMs' | 'pingMs' | 'fpsOut' | 'fpsIn' | 'bitrateIn' | 'bitrateOut' | 'spendWei'

/** One point of a series. */
export type MetricPoint = { at: number; value: number }

/**
 * Keeps the last `capacity` points of each chart series and tells listeners when one changed.
 * @example
 * const m = new MetricsStore(120); m.push('fpsOut', 1000, 29.5); m.series('fpsOut')
 */
export class MetricsStore {
  /** `change` fires after each push. */
  readonly events = new Emitter<{ change: [] }>()
  readonly capacity: number
  #series = new Map<MetricSeries, MetricPoint[]>()
  #version = 0

  constructor(capacity = 120) {
    this.capacity = capacity
  }

  /** Appends a point, dropping the oldest beyond capacity. */
  push(series: MetricSeries, at: number, value: number): void {
    let points = this.#series.get(series)
    if (!points) {
      points = []
      this.#series.set(series, points)
    }
    points.push({ at, value })
    if (points.length > this.capacity) points.splice(0, points.length - this.capacity)
    this.#version += 1
    this.events.emit('change')
  }

  /** Points of a series, oldest first (a copy). */
  series(series: MetricSeries): MetricPoint[] {
    return [...(this.#series.get(series) ?? [])]
  }

  /** Latest value of a series. */
  latest(series: MetricSeries): number | undefined {
    const points = this.#series.get(series)
    return points?.[points.length - 1]?.value
  }

  /** Increases on every change (for React's useSyncExternalStore). */
  get version(): number {
    return this.#version
  }
}
