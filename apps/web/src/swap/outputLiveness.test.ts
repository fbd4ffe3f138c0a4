import { describe, expect, it } from 'vitest'
import { OutputLiveness } from './outputLiveness.ts'

/** Frames at `fps` from 0 to `untilMs`. */
function feed(l: OutputLiveness, fps: number, untilMs: number) {
  for (let t = 0; t <= untilMs; t += 1000 / fps) l.handleFrame(t)
}

describe('OutputLiveness', () => {
  it('tunes the suspicious silence to the frame rate, within its bounds', () => {
    const at30 = new OutputLiveness()
    feed(at30, 30, 2000)
    expect(at30.suspectAfterMs).toBe(250)
    const at10 = new OutputLiveness()
    feed(at10, 10, 2000)
    expect(at10.suspectAfterMs).toBeCloseTo(600)
    const at1 = new OutputLiveness()
    feed(at1, 1, 5000)
    expect(at1.suspectAfterMs).toBe(1000)
  })

  it('asks nothing while frames flow, and nothing before the first frame', () => {
    const l = new OutputLiveness()
    expect(l.next(60_000)).toEqual({ kind: 'none' })
    feed(l, 30, 1000)
    expect(l.next(1100)).toEqual({ kind: 'none' })
  })

  it('probes a silent node, and declares it dead only when the probe fails', () => {
    const l = new OutputLiveness()
    feed(l, 30, 1000)
    const last = l.lastFrameAt!
    expect(l.next(last + 400)).toEqual({ kind: 'probe' })
    // one probe at a time
    expect(l.next(last + 450)).toEqual({ kind: 'none' })
    l.handleProbe(last + 460, false, 'connection refused')
    const v = l.next(last + 470)
    expect(v.kind).toBe('dead')
    expect(v.kind === 'dead' && v.detail).toContain('connection refused')
  })

  it('keeps a silent node that answers, probing it again later', () => {
    const l = new OutputLiveness({ reprobeMs: 1000 })
    feed(l, 30, 1000)
    const last = l.lastFrameAt!
    expect(l.next(last + 400).kind).toBe('probe')
    l.handleProbe(last + 410, true)
    expect(l.next(last + 500)).toEqual({ kind: 'none' })
    expect(l.next(last + 1500).kind).toBe('probe')
  })

  it('forgets an unreachable verdict when frames come back', () => {
    const l = new OutputLiveness()
    feed(l, 30, 1000)
    const last = l.lastFrameAt!
    l.next(last + 400)
    l.handleProbe(last + 410, false, 'timeout')
    l.handleFrame(last + 420)
    expect(l.next(last + 430)).toEqual({ kind: 'none' })
  })

  it('suspects at once when the transport is disconnected, never while paused', () => {
    const l = new OutputLiveness()
    feed(l, 30, 1000)
    const last = l.lastFrameAt!
    l.handleTransport('disconnected')
    expect(l.next(last + 40).kind).toBe('probe')
    l.handleProbe(last + 50, false, 'connection refused')
    l.setPaused(true)
    expect(l.next(last + 5000)).toEqual({ kind: 'none' })
    l.setPaused(false)
    expect(l.next(last + 5000).kind).toBe('dead')
  })
})
