import { DEFAULT_CAPABILITIES, netCapabilities } from '@prism/protocol'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { profilesByName } from '../../../media/profiles.ts'
import { TranscoderRegistry } from '../../compute/TranscoderRegistry.ts'
import { parseMediaType } from './transcodeResults.ts'
import { transcoderPlugin } from './transcoders.ts'

const SECRET = 'sekret'
const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])
const good = {
  authorization: 'Livepeer-Transcoder-1.0',
  credentials: SECRET,
  taskid: '0',
  pixels: '12345',
}

/** A multipart/mixed body built by hand, as a go-livepeer transcoder writes it. */
function multipart(boundary: string, parts: { headers: string[]; body: string }[]): string {
  return `${parts.map((p, i) => `${i ? '\r\n' : ''}--${boundary}\r\n${p.headers.join('\r\n')}\r\n\r\n${p.body}`).join('')}\r\n--${boundary}--\r\n`
}

describe('POST /transcodeResults and the inputs', () => {
  let app: FastifyInstance
  let registry: TranscoderRegistry
  let pending: Promise<unknown>

  beforeEach(async () => {
    registry = new TranscoderRegistry({ secret: SECRET })
    registry.handleAttach({
      address: '',
      capacity: 1,
      capabilities: netCapabilities({ capabilities: DEFAULT_CAPABILITIES }),
      baseUrl: 'https://o.test',
      send: () => true,
      close: () => {},
    })
    pending = registry.transcode(Buffer.from('input-bytes'), profiles, {
      manifestId: 'm',
      seq: 4,
      sessionId: 'abcd',
    })
    pending.catch(() => {})
    app = Fastify()
    await app.register(transcoderPlugin, { registry })
    await app.ready()
  })
  afterEach(async () => {
    registry.close()
    await app.close()
  })

  const post = (headers: Record<string, string>, payload = '') =>
    app.inject({ method: 'POST', url: '/transcodeResults', headers, payload })

  it('serves a running task’s input at /stream/<session>/<seq>.tempfile', async () => {
    const res = await app.inject({ method: 'GET', url: '/stream/abcd/4.tempfile' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe('input-bytes')
    expect((await app.inject({ method: 'GET', url: '/stream/abcd/5.tempfile' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/stream/abcd/4.ts' })).statusCode).toBe(404)
  })

  it('answers bad headers as go-livepeer does, in its order', async () => {
    const type = { 'content-type': 'livepeer/transcoding-error' }
    expect((await post({ ...good, ...type, authorization: 'Bearer x' })).statusCode).toBe(401)
    const wrong = await post({ ...good, ...type, credentials: 'nope' })
    expect([wrong.statusCode, wrong.body]).toEqual([401, 'Unauthorized\n'])
    expect((await post({ ...good, 'content-type': 'not a type/' })).statusCode).toBe(415)
    expect((await post({ ...good, taskid: 'seven', 'content-type': 'nope/' })).statusCode).toBe(415)
    const task = await post({ ...good, ...type, taskid: 'seven' })
    expect([task.statusCode, task.body]).toEqual([400, 'Invalid Task ID\n'])
    const px = await post({ ...good, ...type, pixels: '' })
    expect([px.statusCode, px.body]).toEqual([400, 'Invalid Pixels\n'])
    // the task is still waiting: nothing above touched it
    const ok = await post({ ...good, ...type }, 'boom')
    expect([ok.statusCode, ok.body]).toEqual([200, 'OK'])
    await expect(pending).rejects.toMatchObject({ shortMessage: 'boom' })
  })

  it('completes the task with the multipart renditions, their pixels and a perceptual hash', async () => {
    const body = multipart('0123456789abcdef0123', [
      { headers: ['Content-Type: video/mp2t', 'Content-Length: 5', 'Pixels: 100'], body: 'first' },
      { headers: ['Content-Type: application/octet-stream', 'Content-Length: 2'], body: 'ph' },
      { headers: ['Content-Type: video/mp2t', 'Content-Length: 6', 'Pixels: 200'], body: 'second' },
    ])
    const res = await post(
      { ...good, 'content-type': 'multipart/mixed; boundary=0123456789abcdef0123' },
      body,
    )
    expect([res.statusCode, res.body]).toEqual([200, 'OK'])
    const r = (await pending) as { data: Uint8Array; pixels: number; perceptualHash?: Uint8Array }[]
    expect(r.map((x) => [Buffer.from(x.data).toString(), x.pixels])).toEqual([
      ['first', 100],
      ['second', 200],
    ])
    expect(Buffer.from(r[0]!.perceptualHash!).toString()).toBe('ph')
    expect(registry.input('abcd', '4.tempfile')).toBeUndefined()
  })

  it('answers 500 with the text of a broken multipart body and fails the task', async () => {
    const res = await post(
      { ...good, 'content-type': 'multipart/mixed; boundary=zz' },
      '--zz\r\nPixels: 1\r\n\r\nno end',
    )
    expect(res.statusCode).toBe(500)
    expect(res.body).toMatch(/^multipart: /)
    await expect(pending).rejects.toMatchObject({ code: 'TRANSCODER_REMOTE_FAILED' })
  })

  it('answers 200 OK for an unknown task and for another content type', async () => {
    expect(
      (await post({ ...good, taskid: '99', 'content-type': 'livepeer/transcoding-error' }, 'x')).body,
    ).toBe('OK')
    expect((await post({ ...good, 'content-type': 'text/plain' }, 'x')).statusCode).toBe(200)
  })

  it('parses media types as go’s mime.ParseMediaType', () => {
    expect(parseMediaType('Multipart/Mixed; boundary="a b"')).toEqual({
      mediaType: 'multipart/mixed',
      params: { boundary: 'a b' },
    })
    expect(parseMediaType('')).toBeUndefined()
    expect(parseMediaType('a/b; c')).toBeUndefined()
    expect(parseMediaType('a/b/c')).toBeUndefined()
  })
})
