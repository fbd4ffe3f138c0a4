/**
 * Conformance of the orchestrator's trickle server (`/ai/trickle/`), one test per row of the
 * protocol's tables: create, publish, subscribe, next, delete, the ring of 5, the idle sweep, the
 * interim 100 Continue of a silent publisher. The client is plain node:http (trickleClient.ts).
 */
import type { RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tricklePlugin } from '../../../apps/node/src/orchestrator/http/routes/trickle.ts'
import { TrickleServer } from '../../../apps/node/src/orchestrator/trickle/TrickleServer.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { call, open, readAll } from './trickleClient.ts'

let clock = 1_000_000
let node: RunningOrchestrator
let trickle: TrickleServer
let base: string
let n = 0
/** A fresh channel name made on the server (as a session would). */
function channel(mime = 'video/MP2T'): string {
  const name = `ch${++n}`
  trickle.create(name, mime)
  return name
}
const p = (name: string, rest = '') => `/ai/trickle/${name}${rest}`

beforeAll(async () => {
  trickle = new TrickleServer({ sweepIntervalMs: 20, continueAfterMs: 200, now: () => clock })
  node = await startTestOrchestrator({
    orchestrator: { nvidia: false },
    server: { plugins: [(app) => tricklePlugin(app, { server: trickle })] },
  })
  base = node.url
})
afterAll(async () => {
  await node?.close()
})

describe('POST {name} (create)', () => {
  it('answers 404 Stream not found for an unknown channel (autocreate off), 200 for an existing one', async () => {
    const unknown = await call(base, 'POST', p('nope'), undefined, { 'Expect-Content': 'video/MP2T' })
    expect(unknown.status).toBe(404)
    expect(unknown.text.trim()).toBe('Stream not found')
    expect(trickle.get('nope')).toBeUndefined()
    const name = channel()
    expect((await call(base, 'POST', p(name), undefined, { 'Expect-Content': 'video/MP2T' })).status).toBe(
      200,
    )
  })
})

describe('POST {name}/{idx} (publish)', () => {
  it('unknown channel: 404 Stream not found with Connection: close', async () => {
    const r = await call(base, 'POST', p('nope', '/0'), 'x')
    expect(r.status).toBe(404)
    expect(r.text.trim()).toBe('Stream not found')
    expect(r.headers.connection).toBe('close')
  })

  it('streams the body live to subscribers; first byte moves nextWrite; the end answers 200 Lp-Trickle-Seq', async () => {
    const name = channel()
    const sub = open(base, 'GET', p(name, '/0'))
    sub.end()
    const pub = open(base, 'POST', p(name, '/0'))
    pub.write('first ')
    const res = await sub.response
    expect(res.statusCode).toBe(200)
    expect(res.headers['lp-trickle-seq']).toBe('0')
    expect(res.headers['content-type']).toBe('video/MP2T')
    const firstChunk = await new Promise<string>((r) => res.once('data', (c: Buffer) => r(c.toString())))
    expect(firstChunk).toBe('first ') // relayed before the body ended
    const next = await call(base, 'GET', p(name, '/next'))
    expect(next.text).toBe('1')
    pub.end('second')
    const rest = await readAll(res)
    expect(rest.text).toBe('second')
    const done = await readAll(await pub.response)
    expect(done.status).toBe(200)
    expect(done.headers['lp-trickle-seq']).toBe('0')
  })

  it('-1 publishes at the next write index', async () => {
    const name = channel()
    expect((await call(base, 'POST', p(name, '/0'), 'a')).headers['lp-trickle-seq']).toBe('0')
    const r = await call(base, 'POST', p(name, '/-1'), 'b')
    expect(r.headers['lp-trickle-seq']).toBe('1')
    expect((await call(base, 'GET', p(name, '/1'))).text).toBe('b')
  })

  it('Lp-Trickle-Reset closes the segments with a lower index first', async () => {
    const name = channel()
    const old = open(base, 'POST', p(name, '/0'))
    old.write('partial')
    const oldSub = await call(base, 'GET', p(name, '/next'))
    expect(oldSub.text).toBe('1')
    const reset = await call(base, 'POST', p(name, '/1'), 'new', { 'Lp-Trickle-Reset': '1' })
    expect(reset.status).toBe(200)
    const seg0 = await call(base, 'GET', p(name, '/0'))
    expect(seg0.text).toBe('partial') // closed: the subscriber gets what was written, then the end
    old.abort()
  })

  it('a publisher that sends no byte gets an interim 100 Continue and keeps waiting', async () => {
    const name = channel()
    const pub = open(base, 'POST', p(name, '/0'))
    while (pub.interim.length === 0) await new Promise((r) => setTimeout(r, 50))
    expect(pub.interim).toContain(100)
    pub.end('late bytes')
    expect((await readAll(await pub.response)).status).toBe(200)
    expect((await call(base, 'GET', p(name, '/0'))).text).toBe('late bytes')
  })

  it('a segment closed before any byte (channel deleted while preconnected): 200 Lp-Trickle-Seq, Connection: close, Lp-Trickle-Closed', async () => {
    const name = channel()
    const pub = open(base, 'POST', p(name, '/0'))
    while (!trickle.get(name)?.get(0)) await new Promise((r) => setTimeout(r, 10))
    expect((await call(base, 'DELETE', p(name))).status).toBe(200)
    const r = await readAll(await pub.response)
    expect(r.status).toBe(200)
    expect(r.headers['lp-trickle-seq']).toBe('0')
    expect(r.headers.connection).toBe('close')
    expect(r.headers['lp-trickle-closed']).toBe('terminated')
    pub.abort()
  })

  it('re-posting an index whose slot holds an older index replaces it (ring of 5)', async () => {
    const name = channel()
    for (let i = 0; i < 6; i++) await call(base, 'POST', p(name, `/${i}`), `s${i}`)
    expect((await call(base, 'GET', p(name, '/5'))).text).toBe('s5')
    expect((await call(base, 'GET', p(name, '/1'))).text).toBe('s1')
    expect((await call(base, 'GET', p(name, '/0'))).status).toBe(470)
  })
})

describe('GET {name}/{idx} (subscribe)', () => {
  it('unknown channel: 404 Stream not found', async () => {
    const r = await call(base, 'GET', p('nope', '/0'))
    expect(r.status).toBe(404)
    expect(r.text.trim()).toBe('Stream not found')
  })

  it('-1 waits on the live edge (pre-created segment) until data arrives', async () => {
    const name = channel('application/json')
    await call(base, 'POST', p(name, '/0'), '{"a":0}')
    const sub = open(base, 'GET', p(name, '/-1'))
    sub.end()
    while (!trickle.get(name)?.get(1)) await new Promise((r) => setTimeout(r, 10))
    await call(base, 'POST', p(name, '/1'), '{"a":1}')
    const r = await readAll(await sub.response)
    expect(r.status).toBe(200)
    expect(r.headers['lp-trickle-seq']).toBe('1')
    expect(r.headers['content-type']).toBe('application/json')
    expect(r.text).toBe('{"a":1}')
  })

  it('-2 is the segment being written; a joiner mid-segment gets the buffered part first', async () => {
    const name = channel()
    const pub = open(base, 'POST', p(name, '/0'))
    pub.write('early-')
    while (trickle.get(name)?.nextWrite !== 1) await new Promise((r) => setTimeout(r, 10))
    const sub = open(base, 'GET', p(name, '/-2'))
    sub.end()
    const res = await sub.response
    expect(res.headers['lp-trickle-seq']).toBe('0')
    expect(res.headers['lp-trickle-latest']).toBeUndefined() // at the newest segment
    pub.end('late')
    expect((await readAll(res)).text).toBe('early-late')
    await pub.response
  })

  it('a segment gone from the ring: 470 Entry not found with Lp-Trickle-Latest and Lp-Trickle-Seq', async () => {
    const name = channel()
    for (let i = 0; i < 7; i++) await call(base, 'POST', p(name, '/-1'), `s${i}`)
    const r = await call(base, 'GET', p(name, '/0'))
    expect(r.status).toBe(470)
    expect(r.headers['lp-trickle-latest']).toBe('7')
    expect(r.headers['lp-trickle-seq']).toBe('0')
    expect(r.text.trim()).toBe('Entry not found')
    // a subscriber behind the newest segment is told the latest index
    const behind = await call(base, 'GET', p(name, '/3'))
    expect(behind.text).toBe('s3')
    expect(behind.headers['lp-trickle-latest']).toBe('7')
  })

  it('a missing segment of a closed channel: 200 with Lp-Trickle-Closed', async () => {
    const name = channel()
    await call(base, 'POST', p(name, '/0'), 'x')
    trickle.get(name)?.close() // the session closed its channels
    const r = await call(base, 'GET', p(name, '/3'))
    expect(r.status).toBe(200)
    expect(r.headers['lp-trickle-closed']).toBe('terminated')
    expect(r.text.trim()).toBe('Entry not found')
  })

  it('a segment that closes with no data: empty 200 with Lp-Trickle-Seq, Lp-Trickle-Latest, Lp-Trickle-Closed', async () => {
    const name = channel()
    const sub = open(base, 'GET', p(name, '/0'))
    sub.end()
    while (!trickle.get(name)?.get(0)) await new Promise((r) => setTimeout(r, 10))
    trickle.get(name)?.close()
    const r = await readAll(await sub.response)
    expect(r.status).toBe(200)
    expect(r.body.length).toBe(0)
    expect(r.headers['lp-trickle-seq']).toBe('0')
    expect(r.headers['lp-trickle-latest']).toBe('0')
    expect(r.headers['lp-trickle-closed']).toBe('terminated')
  })
})

describe('GET {name}/next', () => {
  it('gives the next write index in body and Lp-Trickle-Latest, Lp-Trickle-Closed once closed, 404 when unknown', async () => {
    const name = channel()
    await call(base, 'POST', p(name, '/0'), 'x')
    await call(base, 'POST', p(name, '/1'), 'y')
    const r = await call(base, 'GET', p(name, '/next'))
    expect(r.status).toBe(200)
    expect(r.text).toBe('2')
    expect(r.headers['lp-trickle-latest']).toBe('2')
    expect(r.headers['lp-trickle-closed']).toBeUndefined()
    trickle.get(name)?.close()
    expect((await call(base, 'GET', p(name, '/next'))).headers['lp-trickle-closed']).toBe('terminated')
    expect((await call(base, 'GET', p('nope', '/next'))).status).toBe(404)
  })
})

describe('DELETE {name}/{idx}', () => {
  it('closes one segment and wakes its waiting subscribers; 404 unknown channel; 400 Invalid idx / Nonexistent segment', async () => {
    const name = channel()
    const sub = open(base, 'GET', p(name, '/0'))
    sub.end()
    while (!trickle.get(name)?.get(0)) await new Promise((r) => setTimeout(r, 10))
    expect((await call(base, 'DELETE', p(name, '/0'))).status).toBe(200)
    const woke = await readAll(await sub.response)
    expect(woke.status).toBe(200)
    expect(woke.headers['lp-trickle-seq']).toBe('0')
    expect(woke.headers['lp-trickle-closed']).toBeUndefined()
    expect((await call(base, 'DELETE', p('nope', '/0'))).status).toBe(404)
    const bad = await call(base, 'DELETE', p(name, '/x'))
    expect([bad.status, bad.text.trim()]).toEqual([400, 'Invalid idx'])
    const none = await call(base, 'DELETE', p(name, '/3'))
    expect([none.status, none.text.trim()]).toEqual([400, 'Nonexistent segment'])
  })
})

describe('DELETE {name}', () => {
  it('closes and deletes the channel (200); 400 when unknown', async () => {
    const name = channel()
    expect((await call(base, 'DELETE', p(name))).status).toBe(200)
    expect(trickle.get(name)).toBeUndefined()
    expect((await call(base, 'GET', p(name, '/next'))).status).toBe(404)
    expect((await call(base, 'DELETE', p(name))).status).toBe(400)
  })
})

describe('idle sweep', () => {
  it('closes and removes channels with no write for 5 minutes; written ones stay', async () => {
    const idle = channel()
    const busy = channel()
    clock += 4 * 60_000
    await call(base, 'POST', p(busy, '/0'), 'x')
    clock += 2 * 60_000
    while (trickle.get(idle)) await new Promise((r) => setTimeout(r, 10))
    expect(trickle.get(busy)).toBeDefined()
    expect((await call(base, 'GET', p(idle, '/next'))).status).toBe(404)
  })
})
