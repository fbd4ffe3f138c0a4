import { describe, expect, it } from 'vitest'
import { readStatsCounters, statsRates } from './statsSample.ts'

describe('readStatsCounters', () => {
  it('reads video counters and the nominated pair RTT', () => {
    const c = readStatsCounters(
      [
        {
          type: 'inbound-rtp',
          kind: 'video',
          framesDecoded: 30,
          bytesReceived: 1000,
          frameWidth: 512,
          frameHeight: 512,
        },
        { type: 'inbound-rtp', kind: 'audio', bytesReceived: 5000 },
        { type: 'outbound-rtp', kind: 'video', framesEncoded: 31, bytesSent: 2000 },
        { type: 'candidate-pair', nominated: false, currentRoundTripTime: 9 },
        { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.004 },
      ],
      100,
    )
    expect(c).toEqual({
      at: 100,
      framesDecoded: 30,
      bytesReceived: 1000,
      bytesSent: 2000,
      framesEncoded: 31,
      rttMs: 4,
      frameWidth: 512,
      frameHeight: 512,
    })
  })
})

describe('statsRates', () => {
  const base = readStatsCounters([], 0)
  it('computes per-second rates', () => {
    const next = {
      ...base,
      at: 2000,
      framesDecoded: 60,
      framesEncoded: 50,
      bytesReceived: 1000,
      bytesSent: 500,
    }
    expect(statsRates(base, next)).toEqual({ fpsOut: 30, fpsIn: 25, bitrateIn: 4000, bitrateOut: 2000 })
  })
  it('returns zeros when no time passed and never negative rates', () => {
    expect(statsRates(base, base).fpsOut).toBe(0)
    expect(statsRates({ ...base, framesDecoded: 10 }, { ...base, at: 1000 }).fpsOut).toBe(0)
  })
})
