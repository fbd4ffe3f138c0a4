/**
 * The gateway's trickle clients (TricklePublisher, TrickleSubscriber) against the orchestrator's
 * trickle server over TLS (self-signed certificate, not verified, as go-livepeer's clients do):
 * pre-connected publishes, live-edge subscribe following Lp-Trickle-Seq, 470 → Lp-Trickle-Latest,
 * Lp-Trickle-Closed as the end, 404 as stream not found, close() = DELETE, a GET without headers
 * re-issued.
 */
import type { RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  TrickleClosedError,
  TrickleRequestError,
  TrickleStreamNotFoundError,
} from '../../../apps/node/src/gateway/live/trickle/errors.ts'
import { TricklePublisher } from '../../../apps/node/src/gateway/live/trickle/TricklePublisher.ts'
import { TrickleSubscriber } from '../../../apps/node/src/gateway/live/trickle/TrickleSubscriber.ts'
import { readBody } from '../../../apps/node/src/gateway/live/trickle/trickleHttp.ts'
import { tricklePlugin } from '../../../apps/node/src/orchestrator/http/routes/trickle.ts'
import { createSelfSignedCert } from '../../../apps/node/src/orchestrator/http/selfSignedCert.ts'
import { TrickleServer } from '../../../apps/node/src/orchestrator/trickle/TrickleServer.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'

let node: RunningOrchestrator
let trickle: TrickleServer
let n = 0
const url = (name: string) => `${node.url}/ai/trickle/${name}`
function channel(mime = 'video/MP2T'): string {
  const name = `g${++n}`
  trickle.create(name, mime)
  return name
}

beforeAll(async () => {
  trickle = new TrickleServer()
  const { cert, key } = await createSelfSignedCert('127.0.0.1')
  node = await startTestOrchestrator({
    orchestrator: { nvidia: false },
    server: { https: { cert, key }, plugins: [(app) => tricklePlugin(app, { server: trickle })] },
  })
  // the clients do not verify the self-signed certificate
  expect(node.url.startsWith('https://')).toBe(true)
})
afterAll(async () => {
  trickle?.close()
  await node?.close()
})

describe('TricklePublisher', () => {
  it('publishes segments in order on pre-connected requests; close() deletes the channel', async () => {
    const name = channel()
    const sub = new TrickleSubscriber({ url: url(name), start: 0 })
    const pub = new TricklePublisher({ url: url(name) })
    await pub.write(Buffer.from('zero'))
    await pub.write(Buffer.from('one'))
    expect(pub.nextIndex).toBe(2)
    const s0 = await sub.next()
    expect([s0?.seq, String(await readBody(s0!.body))]).toEqual([0, 'zero'])
    const s1 = await sub.next()
    expect([s1?.seq, String(await readBody(s1!.body))]).toEqual([1, 'one'])
    sub.close()
    await pub.close()
    expect(trickle.get(name)).toBeUndefined()
  })

  it('maps 404 to stream not found', async () => {
    const pub = new TricklePublisher({ url: url('missing') })
    await expect(pub.write(Buffer.from('x'))).rejects.toBeInstanceOf(TrickleStreamNotFoundError)
    await pub.close()
  })

  it('ends once the server closes the channel (Lp-Trickle-Closed or 404)', async () => {
    const name = channel()
    const pub = new TricklePublisher({ url: url(name) })
    await pub.write(Buffer.from('a'))
    trickle.delete(name)
    const err = await pub.write(Buffer.from('b')).catch((e: unknown) => e)
    expect(err instanceof TrickleClosedError || err instanceof TrickleStreamNotFoundError).toBe(true)
    await expect(pub.write(Buffer.from('c'))).rejects.toBeInstanceOf(TrickleClosedError)
    await pub.close()
  })
})

describe('TrickleSubscriber', () => {
  it('starts at the live edge, follows Lp-Trickle-Seq, and ends on Lp-Trickle-Closed', async () => {
    const name = channel()
    const pub = new TricklePublisher({ url: url(name) })
    await pub.write(Buffer.from('old'))
    const sub = new TrickleSubscriber({ url: url(name) })
    const first = sub.next()
    // the live-edge GET blocks on the next index until it is written
    await new Promise((r) => setTimeout(r, 100))
    await pub.write(Buffer.from('live-1'))
    const s1 = await first
    expect([s1?.seq, String(await readBody(s1!.body))]).toEqual([1, 'live-1'])
    await pub.write(Buffer.from('live-2'))
    const s2 = await sub.next()
    expect([s2?.seq, String(await readBody(s2!.body))]).toEqual([2, 'live-2'])
    trickle.get(name)!.close()
    expect(await sub.next()).toBeNull()
    sub.close()
    await pub.close()
  })

  it('jumps to Lp-Trickle-Latest on 470 (a reader behind the ring of 5)', async () => {
    const name = channel()
    const pub = new TricklePublisher({ url: url(name) })
    for (let i = 0; i < 8; i++) await pub.write(Buffer.from(`seg-${i}`))
    const sub = new TrickleSubscriber({ url: url(name), start: 0 })
    const pending = sub.next()
    await new Promise((r) => setTimeout(r, 100))
    await pub.write(Buffer.from('seg-8'))
    const seg = await pending
    expect([seg?.seq, String(await readBody(seg!.body))]).toEqual([8, 'seg-8'])
    sub.close()
    await pub.close()
  })

  it('maps 404 to stream not found', async () => {
    const sub = new TrickleSubscriber({ url: url('none') })
    await expect(sub.next()).rejects.toBeInstanceOf(TrickleStreamNotFoundError)
  })

  it('fails after more than maxFailures consecutive failures (nothing listening)', async () => {
    const sub = new TrickleSubscriber({
      url: 'http://127.0.0.1:9/ai/trickle/x',
      maxFailures: 2,
      retryDelayMs: 1,
    })
    await expect(sub.next()).rejects.toBeInstanceOf(TrickleRequestError)
  })

  it('re-issues a GET that gets no response headers in time, and still gets the segment', async () => {
    const name = channel()
    const sub = new TrickleSubscriber({ url: url(name), headerTimeoutMs: 100 })
    const pending = sub.next()
    await new Promise((r) => setTimeout(r, 350))
    const pub = new TricklePublisher({ url: url(name) })
    await pub.write(Buffer.from('late'))
    const seg = await pending
    expect(String(await readBody(seg!.body))).toBe('late')
    sub.close()
    await pub.close()
  })
})
