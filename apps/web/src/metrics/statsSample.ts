/** Counters read from one `RTCPeerConnection.getStats()` call. */
export type StatsCounters = {
  /** Clock of the reading, ms. */
  at: number
  /** Inbound video frames decoded so far. */
  framesDecoded: number
  /** Inbound video bytes received so far. */
  bytesReceived: number
  /** Outbound video bytes sent so far. */
  bytesSent: number
  /** Outbound video frames encoded so far. */
  framesEncoded: number
  /** ICE round-trip time of the selected pair, ms (undefined when not reported). */
  rttMs: number | undefined
  /** Size of the inbound video. */
  frameWidth: number | undefined
  frameHeight: number | undefined
}

/** Rates computed between two readings. */
export type StatsRates = {
  /** Decoded output frames per second. */
  fpsOut: number
  /** Encoded input frames per second. */
  fpsIn: number
  /** Received bits per second. */
  bitrateIn: number
  /** Sent bits per second. */
  bitrateOut: number
}

type Report = { type: string; kind?: string; [k: string]: unknown }

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/**
 * Reads the counters the app charts from a getStats report.
 * @param reports the values of an `RTCStatsReport`.
 * @param at clock of the reading, ms.
 * @returns the counters (0 where a report is absent).
 * @example
 * readStatsCounters([...(await pc.getStats()).values()], performance.now())
 */
export function readStatsCounters(reports: Iterable<Report>, at: number): StatsCounters {
  const c: StatsCounters = {
    at,
    framesDecoded: 0,
    bytesReceived: 0,
    bytesSent: 0,
    framesEncoded: 0,
    rttMs: undefined,
    frameWidth: undefined,
    frameHeight: undefined,
  }
  for (const r of reports) {
    if (r.type === 'inbound-rtp' && r.kind === 'video') {
      c.framesDecoded += num(r.framesDecoded)
      c.bytesReceived += num(r.bytesReceived)
      if (typeof r.frameWidth === 'number') c.frameWidth = r.frameWidth
      if (typeof r.frameHeight === 'number') c.frameHeight = r.frameHeight
    } else if (r.type === 'outbound-rtp' && r.kind === 'video') {
      c.bytesSent += num(r.bytesSent)
      c.framesEncoded += num(r.framesEncoded)
    } else if (r.type === 'candidate-pair' && r.nominated && typeof r.currentRoundTripTime === 'number') {
      c.rttMs = r.currentRoundTripTime * 1000
    }
  }
  return c
}

/**
 * Rates between two readings of the same peer connection.
 * @param prev the earlier reading.
 * @param next the later reading.
 * @returns frames and bits per second (0 when no time passed or counters went back).
 * @example
 * statsRates(a, b).fpsOut
 */
export function statsRates(prev: StatsCounters, next: StatsCounters): StatsRates {
  const dt = (next.at - prev.at) / 1000
  if (dt <= 0) return { fpsOut: 0, fpsIn: 0, bitrateIn: 0, bitrateOut: 0 }
  const rate = (a: number, b: number) => Math.max(0, b - a) / dt
  return {
    fpsOut: rate(prev.framesDecoded, next.framesDecoded),
    fpsIn: rate(prev.framesEncoded, next.framesEncoded),
    bitrateIn: rate(prev.bytesReceived, next.bytesReceived) * 8,
    bitrateOut: rate(prev.bytesSent, next.bytesSent) * 8,
  }
}
