import { describe, expect, it } from 'vitest'
import {
  judgeSample,
  pairMargin,
  type VerificationSample,
  VerificationTracker,
} from './verificationDecision.ts'

const thresholds = [0.6, 0.8, 0.9]
const ai = (...scores: number[]): VerificationSample => ({ kind: 'ai', pairs: [{ scores, thresholds }] })
const good = ai(0.9, 0.95, 0.99)
const bad = ai(0.4, 0.95, 0.99)

describe('judgeSample', () => {
  it('passes an AI sample at or above the threshold at every scale', () => {
    expect(judgeSample(good)).toEqual({ passed: true, detail: '' })
    expect(judgeSample(ai(0.6, 0.8, 0.9)).passed).toBe(true)
  })
  it('fails an AI sample below the threshold at any scale, and says which', () => {
    expect(judgeSample(bad)).toEqual({ passed: false, detail: 'luma score 0.400 < 0.600' })
    expect(judgeSample(ai(0.9, 0.95, 0.5)).detail).toBe('colour 1/4 score 0.500 < 0.900')
    expect(judgeSample(ai(Number.NaN, 0.95, 0.99)).passed).toBe(false)
    expect(judgeSample(ai(0.9)).passed).toBe(false) // a missing scale never passes
  })
  it('decides on the median pair: one odd frame neither fails nor passes a sample', () => {
    const pair = (s: number) => ({ scores: [s, 0.95, 0.99], thresholds })
    expect(judgeSample({ kind: 'ai', pairs: [pair(0.9), pair(0.1), pair(0.85)] }).passed).toBe(true)
    expect(judgeSample({ kind: 'ai', pairs: [pair(0.3), pair(0.95), pair(0.2)] }).passed).toBe(false)
    // even count: the worse middle pair decides
    expect(judgeSample({ kind: 'ai', pairs: [pair(0.9), pair(0.5), pair(0.95), pair(0.3)] }).passed).toBe(
      false,
    )
    expect(judgeSample({ kind: 'ai', pairs: [] }).passed).toBe(false)
  })
  it('judges each pair against the thresholds of its own difficulty', () => {
    const hard = { scores: [0.5, 0.6, 0.7], thresholds: [0.4, 0.5, 0.6] }
    const easy = { scores: [0.5, 0.6, 0.7], thresholds: [0.9, 0.9, 0.9] }
    expect(judgeSample({ kind: 'ai', pairs: [hard] }).passed).toBe(true)
    expect(judgeSample({ kind: 'ai', pairs: [easy] }).passed).toBe(false)
    expect(pairMargin(easy)).toEqual({ margin: expect.closeTo(-0.4, 9), worst: 0 })
  })
  it('fails an AI sample whose returned frames are smaller than the chain asked for', () => {
    const r = judgeSample({
      kind: 'ai-resolution',
      expected: { width: 256, height: 256 },
      actual: { width: 128, height: 128 },
    })
    expect(r).toEqual({ passed: false, detail: 'returned 128x128, asked 256x256' })
  })
  it('fails a sample whose returned frames carry no sent timestamp', () => {
    const r = judgeSample({ kind: 'ai-unaligned', returned: 12 })
    expect(r.passed).toBe(false)
    expect(r.detail).toContain('none of 12 returned frames')
  })
  it('fails a transcode sample with the wrong resolution', () => {
    const r = judgeSample({
      kind: 'transcode',
      expected: { width: 640, height: 360, fps: 30 },
      actual: { width: 426, height: 240, fps: 30 },
    })
    expect(r.passed).toBe(false)
    expect(r.detail).toContain('426x240')
  })
  it('fails a transcode sample with too low a frame rate and passes a close one', () => {
    const expected = { width: 640, height: 360, fps: 30 }
    expect(judgeSample({ kind: 'transcode', expected, actual: { ...expected, fps: 5 } }).passed).toBe(false)
    expect(judgeSample({ kind: 'transcode', expected, actual: { ...expected, fps: 24 } }).passed).toBe(true)
  })
})

describe('VerificationTracker (k of n)', () => {
  it('flags once k of the last n samples failed, not before', () => {
    const t = new VerificationTracker({ failuresToFlag: 3, window: 5 })
    expect(t.handleSample(bad).flagged).toBe(false)
    expect(t.handleSample(good).flagged).toBe(false)
    expect(t.handleSample(bad).flagged).toBe(false)
    expect(t.handleSample(good).failuresInWindow).toBe(2)
    expect(t.handleSample(bad)).toMatchObject({ passed: false, failuresInWindow: 3, flagged: true })
    expect(t.totals).toEqual({ passed: 2, failed: 3 })
  })
  it('forgets failures that left the window: isolated failures never flag', () => {
    const t = new VerificationTracker({ failuresToFlag: 3, window: 5 })
    const verdicts = Array.from({ length: 30 }, (_, i) => t.handleSample(i % 3 === 0 ? bad : good))
    expect(verdicts.some((v) => v.flagged)).toBe(false)
    expect(Math.max(...verdicts.map((v) => v.failuresInWindow))).toBe(2)
  })
  it('flags a node that fails every sample after k samples', () => {
    const t = new VerificationTracker({ failuresToFlag: 3, window: 5 })
    expect([bad, bad, bad].map((s) => t.handleSample(s).flagged)).toEqual([false, false, true])
  })
  it('with k = n behaves as k consecutive failures (transcode)', () => {
    const t = new VerificationTracker({ failuresToFlag: 3, window: 3 })
    const tr = (fps: number): VerificationSample => ({
      kind: 'transcode',
      expected: { width: 640, height: 360, fps: 30 },
      actual: { width: 640, height: 360, fps },
    })
    expect([tr(2), tr(2), tr(30), tr(2), tr(2)].map((s) => t.handleSample(s).flagged)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
    expect(t.handleSample(tr(2)).flagged).toBe(true)
  })
})
