import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TrickleClosedError, TrickleRequestError, TrickleStreamNotFoundError } from './errors.ts'
import { type FakeTrickleServer, startFakeTrickleServer } from './fakeTrickleServer.testkit.ts'
import { TricklePublisher } from './TricklePublisher.ts'
import { TrickleSubscriber } from './TrickleSubscriber.ts'
import { readBody } from './trickleHttp.ts'

let server: FakeTrickleServer
beforeEach(async () => {
  server = await startFakeTrickleServer()
})
afterEach(async () => {
  await server.stop()
})

describe('TricklePublisher', () => {
  it('pre-connects index 0 before it has data, then each next index after a write', async () => {
    server.create('s')
    const pub = new TricklePublisher({ url: `${server.base}/s` })
    await waitFor(() => server.log.includes('POST /ai/trickle/s/0'))
    await pub.write(Buffer.from('zero'))
    await pub.write(Buffer.from('one'))
    expect(server.received.get('s')?.map(String)).toEqual(['zero', 'one'])
    await waitFor(() => server.log.includes('POST /ai/trickle/s/2'))
    expect(pub.nextIndex).toBe(2)
    await pub.close()
    expect(server.log).toContain('DELETE /ai/trickle/s')
    expect(server.channels.has('s')).toBe(false)
  })

  it('maps 404 to stream not found', async () => {
    const pub = new TricklePublisher({ url: `${server.base}/missing` })
    await expect(pub.write(Buffer.from('x'))).rejects.toBeInstanceOf(TrickleStreamNotFoundError)
    await pub.close()
  })

  it('ends on Lp-Trickle-Closed', async () => {
    server.create('c')
    const pub = new TricklePublisher({ url: `${server.base}/c` })
    await pub.write(Buffer.from('a'))
    server.closeChannel('c')
    await expect(pub.write(Buffer.from('b'))).rejects.toBeInstanceOf(TrickleClosedError)
    await expect(pub.write(Buffer.from('c'))).rejects.toBeInstanceOf(TrickleClosedError)
    await pub.close()
  })

  it('retries a segment on a fresh connection when the pre-connected request died', async () => {
    server.create('r')
    const pub = new TricklePublisher({ url: `${server.base}/r` })
    await waitFor(() => server.log.includes('POST /ai/trickle/r/0'))
    // Drop every open connection: the pre-connected request fails under the publisher.
    server.dropConnections()
    await pub.write(Buffer.from('after drop'))
    expect(server.received.get('r')?.map(String)).toEqual(['after drop'])
    await pub.close()
  })
})

describe('TrickleSubscriber', () => {
  it('starts at the live edge, follows Lp-Trickle-Seq and ends on Lp-Trickle-Closed', async () => {
    server.create('o')
    const early = new TricklePublisher({ url: `${server.base}/o` })
    await early.write(Buffer.from('old'))
    const sub = new TrickleSubscriber({ url: `${server.base}/o` })
    const first = sub.next()
    await waitFor(() => server.log.includes('GET /ai/trickle/o/-1'))
    await early.write(Buffer.from('live-1'))
    const s1 = await first
    expect(s1?.seq).toBe(1)
    expect(String(await readBody(s1!.body))).toBe('live-1')
    await waitFor(() => server.log.includes('GET /ai/trickle/o/2'))
    await early.write(Buffer.from('live-2'))
    const s2 = await sub.next()
    expect(s2?.seq).toBe(2)
    expect(String(await readBody(s2!.body))).toBe('live-2')
    server.closeChannel('o')
    expect(await sub.next()).toBeNull()
    sub.close()
    await early.close()
  })

  it('jumps to Lp-Trickle-Latest on 470', async () => {
    server.create('j')
    const pub = new TricklePublisher({ url: `${server.base}/j` })
    for (let i = 0; i < 8; i++) await pub.write(Buffer.from(`seg-${i}`))
    const sub = new TrickleSubscriber({ url: `${server.base}/j`, start: 0 })
    const pending = sub.next()
    await waitFor(() => server.log.includes('GET /ai/trickle/j/8'))
    await pub.write(Buffer.from('seg-8'))
    const seg = await pending
    expect(server.log).toContain('GET /ai/trickle/j/0')
    expect(seg?.seq).toBe(8)
    expect(String(await readBody(seg!.body))).toBe('seg-8')
    sub.close()
    await pub.close()
  })

  it('maps 404 to stream not found', async () => {
    const sub = new TrickleSubscriber({ url: `${server.base}/none` })
    await expect(sub.next()).rejects.toBeInstanceOf(TrickleStreamNotFoundError)
  })

  it('re-issues a GET that gets no headers in time', async () => {
    server.create('t')
    const sub = new TrickleSubscriber({ url: `${server.base}/t`, headerTimeoutMs: 100 })
    const pending = sub.next()
    await waitFor(() => server.log.filter((l) => l === 'GET /ai/trickle/t/-1').length >= 2)
    const pub = new TricklePublisher({ url: `${server.base}/t` })
    await pub.write(Buffer.from('late'))
    const seg = await pending
    expect(String(await readBody(seg!.body))).toBe('late')
    sub.close()
    await pub.close()
  })

  it('fails after more than maxFailures consecutive failures', async () => {
    const base = server.base
    await server.stop()
    const sub = new TrickleSubscriber({ url: `${base}/x`, maxFailures: 2, retryDelayMs: 1 })
    await expect(sub.next()).rejects.toBeInstanceOf(TrickleRequestError)
    server = await startFakeTrickleServer()
  })
})

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10))
  expect(cond()).toBe(true)
}
