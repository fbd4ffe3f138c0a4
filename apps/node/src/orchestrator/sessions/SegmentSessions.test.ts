import { afterEach, describe, expect, it, vi } from 'vitest'
import { SegmentSessions } from './SegmentSessions.ts'

describe('SegmentSessions', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('with concurrency 1, runs one job at a time per session and refuses a fifth waiting one with OrchestratorBusy', async () => {
    const sessions = new SegmentSessions({ concurrency: 1 })
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    const order: number[] = []
    const first = sessions.run('a', async () => {
      await gate
      order.push(0)
    })
    const waiting = [1, 2, 3, 4].map((n) => sessions.run('a', async () => void order.push(n)))
    await expect(sessions.run('a', async () => {})).rejects.toMatchObject({
      code: 'SEGMENT_SESSION_BUSY',
      shortMessage: 'OrchestratorBusy',
    })
    // another session is not held up by this one
    await expect(sessions.run('b', async () => 'b')).resolves.toBe('b')
    release()
    await Promise.all([first, ...waiting])
    expect(order).toEqual([0, 1, 2, 3, 4])
    sessions.close()
  })

  it('runs two jobs of a session side by side by default, the rest in arrival order, and refuses past four waiting', async () => {
    const sessions = new SegmentSessions()
    const gates = Array.from({ length: 6 }, () => {
      let resolve!: () => void
      const promise = new Promise<void>((r) => {
        resolve = r
      })
      return { promise, resolve }
    })
    const started: number[] = []
    const jobs = gates.map((g, n) =>
      sessions.run('a', async () => {
        started.push(n)
        await g.promise
        return n
      }),
    )
    await expect(sessions.run('a', async () => 9)).rejects.toMatchObject({ code: 'SEGMENT_SESSION_BUSY' })
    await new Promise((r) => setTimeout(r, 10))
    expect(started).toEqual([0, 1])
    // the second one ends first: its slot goes to the oldest waiting job
    gates[1]!.resolve()
    await expect(jobs[1]).resolves.toBe(1)
    await new Promise((r) => setTimeout(r, 10))
    expect(started).toEqual([0, 1, 2])
    for (const g of gates) g.resolve()
    await expect(Promise.all(jobs)).resolves.toEqual([0, 1, 2, 3, 4, 5])
    expect(started).toEqual([0, 1, 2, 3, 4, 5])
    // a failing job frees its slot too
    await expect(sessions.run('a', async () => Promise.reject(new Error('x')))).rejects.toThrow('x')
    await expect(sessions.run('a', async () => 'after')).resolves.toBe('after')
    sessions.close()
  })

  it('keeps the last 12 renditions per profile directory and serves them', () => {
    const sessions = new SegmentSessions()
    for (let seq = 0; seq < 15; seq++) sessions.store('s', 'P240p30fps16x9', `${seq}.ts`, Uint8Array.of(seq))
    expect(sessions.file('s', 'P240p30fps16x9', '2.ts')).toBeUndefined()
    expect(sessions.file('s', 'P240p30fps16x9', '3.ts')).toEqual(Uint8Array.of(3))
    expect(sessions.file('s', 'P240p30fps16x9', '14.ts')).toEqual(Uint8Array.of(14))
    expect(sessions.file('s', 'P360p30fps16x9', '14.ts')).toBeUndefined()
    sessions.close()
  })

  it('ends a session after 70 s without segments, and on end()', async () => {
    vi.useFakeTimers()
    const sessions = new SegmentSessions()
    const ended: string[] = []
    sessions.on('ended', (id, reason) => ended.push(`${id}:${reason}`))
    await sessions.run('idle', async () => {})
    sessions.store('idle', 'p', '0.ts', Uint8Array.of(1))
    await sessions.run('kept', async () => {})
    expect(sessions.size).toBe(2)
    vi.advanceTimersByTime(69_000)
    await sessions.run('kept', async () => {})
    vi.advanceTimersByTime(2_000)
    expect(ended).toEqual(['idle:idle'])
    expect(sessions.has('idle')).toBe(false)
    expect(sessions.file('idle', 'p', '0.ts')).toBeUndefined()
    sessions.end('kept')
    expect(ended).toEqual(['idle:idle', 'kept:ended'])
    expect(sessions.size).toBe(0)
    sessions.close()
  })
})
