import { describe, expect, it } from 'vitest'
import { judgeSample, VerificationTracker } from './verificationDecision.ts'

describe('judgeSample', () => {
  it('passes an AI sample at or above the threshold', () => {
    expect(judgeSample({ kind: 'ai', ssim: 0.95 }, 0.9).passed).toBe(true)
    expect(judgeSample({ kind: 'ai', ssim: 0.9 }, 0.9).passed).toBe(true)
  })
  it('fails an AI sample below the threshold or NaN', () => {
    expect(judgeSample({ kind: 'ai', ssim: 0.4 }, 0.9)).toEqual({
      passed: false,
      detail: 'SSIM 0.400 < 0.900',
    })
    expect(judgeSample({ kind: 'ai', ssim: Number.NaN }, 0.9).passed).toBe(false)
  })
  it('fails a transcode sample with the wrong resolution', () => {
    const r = judgeSample(
      {
        kind: 'transcode',
        expected: { width: 640, height: 360, fps: 30 },
        actual: { width: 426, height: 240, fps: 30 },
      },
      0.9,
    )
    expect(r.passed).toBe(false)
    expect(r.detail).toContain('426x240')
  })
  it('fails a transcode sample with too low a frame rate and passes a close one', () => {
    const expected = { width: 640, height: 360, fps: 30 }
    expect(judgeSample({ kind: 'transcode', expected, actual: { ...expected, fps: 5 } }, 0.9).passed).toBe(
      false,
    )
    expect(judgeSample({ kind: 'transcode', expected, actual: { ...expected, fps: 24 } }, 0.9).passed).toBe(
      true,
    )
  })
})

describe('VerificationTracker', () => {
  it('flags after consecutive failures only', () => {
    const t = new VerificationTracker({ ssimThreshold: 0.9, failuresToSwap: 2 })
    expect(t.handleSample({ kind: 'ai', ssim: 0.1 }).flagged).toBe(false)
    expect(t.handleSample({ kind: 'ai', ssim: 0.99 }).consecutiveFailures).toBe(0)
    expect(t.handleSample({ kind: 'ai', ssim: 0.1 }).flagged).toBe(false)
    expect(t.handleSample({ kind: 'ai', ssim: 0.1 }).flagged).toBe(true)
    expect(t.totals).toEqual({ passed: 1, failed: 3 })
  })
})
