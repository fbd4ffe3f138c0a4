/** FrameQueue: one consumer, bounded, drops the oldest waiting frame when full and counts it. */
import { describe, expect, it } from 'vitest'
import { FrameQueue } from './FrameQueue.ts'

/** A consumer that holds each frame until released, recording what it got. */
function gatedConsumer() {
  const consumed: number[] = []
  const gates: Array<() => void> = []
  return {
    consumed,
    consume: (n: number) =>
      new Promise<void>((resolve) => {
        consumed.push(n)
        gates.push(resolve)
      }),
    /** Lets the frame being consumed finish; resolves once the queue has handed over the next one. */
    async release() {
      gates.shift()?.()
      await new Promise((r) => setImmediate(r))
    },
  }
}

describe('FrameQueue', () => {
  it('hands frames over one at a time, in order, when the consumer keeps up', async () => {
    const seen: number[] = []
    const q = new FrameQueue<number>({ capacity: 2, consume: (n) => void seen.push(n) })
    for (let i = 0; i < 5; i++) {
      q.push(i)
      await q.idle()
    }
    expect(seen).toEqual([0, 1, 2, 3, 4])
    expect(q.dropped).toBe(0)
  })

  it('drops the oldest waiting frames when full, so the next frame consumed is among the newest', async () => {
    const c = gatedConsumer()
    const drops: number[] = []
    const q = new FrameQueue<number>({ capacity: 2, consume: c.consume, onDrop: (n) => drops.push(n) })
    for (let i = 0; i < 10; i++) q.push(i) // 0 is being consumed, 1..9 arrive meanwhile
    expect(q.length).toBe(2)
    expect(drops).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(q.dropped).toBe(7)
    await c.release()
    await c.release()
    await c.release()
    expect(c.consumed).toEqual([0, 8, 9])
    await q.idle()
  })

  it('with capacity 1 always consumes the newest frame next', async () => {
    const c = gatedConsumer()
    const q = new FrameQueue<number>({ capacity: 1, consume: c.consume })
    q.push(0)
    q.push(1)
    q.push(2)
    await c.release()
    q.push(3)
    q.push(4)
    await c.release()
    await c.release()
    expect(c.consumed).toEqual([0, 2, 4])
    expect(q.dropped).toBe(2)
  })

  it('never drops with capacity Infinity', async () => {
    const c = gatedConsumer()
    const q = new FrameQueue<number>({ capacity: Number.POSITIVE_INFINITY, consume: c.consume })
    for (let i = 0; i < 50; i++) q.push(i)
    expect([q.length, q.dropped]).toEqual([49, 0])
    for (let i = 0; i < 50; i++) await c.release()
    expect(c.consumed).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('stops on a consumer error, reports it once and discards what waits', async () => {
    const errors: unknown[] = []
    const q = new FrameQueue<number>({
      capacity: 4,
      consume: (n) => {
        if (n === 1) throw new Error('stage failed')
      },
      onError: (e) => errors.push(e),
    })
    q.push(0)
    q.push(1)
    q.push(2)
    await q.idle()
    q.push(3)
    await q.idle()
    expect(errors.map((e) => (e as Error).message)).toEqual(['stage failed'])
    expect(q.length).toBe(0)
  })

  it('stop() discards waiting frames and idle() resolves after the current one', async () => {
    const c = gatedConsumer()
    const q = new FrameQueue<number>({ capacity: 3, consume: c.consume })
    q.push(0)
    q.push(1)
    q.push(2)
    q.stop()
    expect(q.length).toBe(0)
    const idle = q.idle()
    await c.release()
    await idle
    expect(c.consumed).toEqual([0])
    expect(q.dropped).toBe(0)
  })

  it('refuses a capacity below 1', () => {
    expect(() => new FrameQueue<number>({ capacity: 0, consume: () => {} })).toThrow(RangeError)
  })
})
