/**
 * The trickle server over HTTP/2 with TLS (ALPN h2, as Go's HTTP client dials an https service
 * URI): a streamed publish relayed live to a subscriber, the interim 100 Continue of a silent
 * publisher, a preconnected publisher answered when its channel is deleted, 404 and 470.
 */
import { once } from 'node:events'
import { type ClientHttp2Session, type ClientHttp2Stream, connect } from 'node:http2'
import { type RunningOrchestrator, startOrchestrator } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tricklePlugin } from '../../../apps/node/src/orchestrator/http/routes/trickle.ts'
import { TrickleServer } from '../../../apps/node/src/orchestrator/trickle/TrickleServer.ts'

let node: RunningOrchestrator
let trickle: TrickleServer
let session: ClientHttp2Session

type Head = Record<string, string | string[] | undefined>

/** A request whose answer is read as it comes (head, then the whole body). */
function request(
  method: string,
  path: string,
): { stream: ClientHttp2Stream; head: Promise<Head>; text: Promise<string> } {
  const stream = session.request({ ':method': method, ':path': path })
  const head = new Promise<Head>((resolve) => stream.once('response', (h) => resolve(h as Head)))
  let buf = ''
  stream.setEncoding('utf8')
  stream.on('data', (c: string) => {
    buf += c
  })
  const text = new Promise<string>((resolve) => stream.once('end', () => resolve(buf)))
  return { stream, head, text }
}

beforeAll(async () => {
  trickle = new TrickleServer({ continueAfterMs: 200 })
  node = await startOrchestrator({
    httpAddr: '127.0.0.1:0',
    orchestrator: { nvidia: false },
    server: { plugins: [(app) => tricklePlugin(app, { server: trickle })] },
  })
  session = connect(node.url, { rejectUnauthorized: false })
  await once(session, 'connect')
})
afterAll(async () => {
  session?.close()
  await node?.close()
})

describe('trickle over HTTP/2 (TLS)', () => {
  it('relays a streamed publish live, answers Lp-Trickle-Seq; 404 and 470 as over HTTP/1.1', async () => {
    trickle.create('h2a', 'video/MP2T')
    const sub = request('GET', '/ai/trickle/h2a/0')
    sub.stream.end()
    const pub = request('POST', '/ai/trickle/h2a/0')
    pub.stream.write('one ')
    const head = await sub.head
    expect([head[':status'], head['lp-trickle-seq'], head['content-type']]).toEqual([200, '0', 'video/MP2T'])
    pub.stream.end('two')
    expect(await sub.text).toBe('one two')
    const ph = await pub.head
    expect([ph[':status'], ph['lp-trickle-seq']]).toEqual([200, '0'])
    await pub.text

    const unknown = request('POST', '/ai/trickle/none/0')
    unknown.stream.end('x')
    expect((await unknown.head)[':status']).toBe(404)
    expect((await unknown.text).trim()).toBe('Stream not found')
    const gone = request('GET', '/ai/trickle/h2a/7')
    gone.stream.end()
    const gh = await gone.head
    expect([gh[':status'], gh['lp-trickle-latest']]).toEqual([470, '1'])
    expect((await gone.text).trim()).toBe('Entry not found')
  })

  it('sends 100 Continue to a silent publisher, and answers it with Lp-Trickle-Closed when the channel goes', async () => {
    trickle.create('h2b', 'application/json')
    const pub = request('POST', '/ai/trickle/h2b/0')
    await once(pub.stream, 'continue')
    trickle.delete('h2b')
    const h = await pub.head
    expect([h[':status'], h['lp-trickle-seq'], h['lp-trickle-closed']]).toEqual([200, '0', 'terminated'])
    pub.stream.close()
  })
})
