/**
 * A remote transcoder written only from `net.proto` (@grpc/grpc-js + @grpc/proto-loader, not
 * Prism's code), as a go-livepeer `-transcoder` speaks to an orchestrator: RegisterTranscoder over
 * TLS without certificate checks, a NotifySegment work item, the input downloaded from its URL,
 * a hand-built multipart result posted over HTTP/2 on /transcodeResults; then the teardown item,
 * the capacity removed on disconnect, and the refusals with go-livepeer's texts.
 */

import { connect } from 'node:http2'
import { get } from 'node:https'
import { join } from 'node:path'
import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { startTranscoderNode, type TranscoderNode, until } from './transcoderNode.ts'

const PROTO = join(import.meta.dirname, '..', '..', '..', 'packages', 'protocol', 'proto', 'net.proto')
const SECRET = 'interop-secret'

type Notify = {
  url: string
  taskId: string
  orchId: string
  profiles: Buffer
  segData: {
    manifestId: Buffer
    seq: string
    hash: Buffer
    profiles: Buffer
    sig: Buffer
    duration: number
    storage: unknown[]
    auth_token: { session_id: string } | null
    fullProfiles: { name: string; width: number; height: number; bitrate: number }[]
    capabilities: { bitstring: string[] } | null
  } | null
}

type Stream = grpc.ClientReadableStream<Notify>
type TranscoderClient = grpc.Client & {
  RegisterTranscoder(req: { secret: string; capacity: number }): Stream
}

function transcoderClient(addr: string): TranscoderClient {
  const def = protoLoader.loadSync(PROTO, { keepCase: true, longs: String, enums: Number, defaults: true })
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    net: { Transcoder: new (addr: string, creds: grpc.ChannelCredentials) => TranscoderClient }
  }
  // go-livepeer transcoders use TLS and skip certificate verification
  return new pkg.net.Transcoder(
    addr,
    grpc.credentials.createSsl(null, null, null, { rejectUnauthorized: false }),
  )
}

/** The next item on the stream. */
function nextItem(stream: Stream): Promise<Notify> {
  return new Promise((resolve, reject) => {
    stream.once('data', resolve)
    stream.once('error', reject)
  })
}

/** The status a refused registration ends with. */
function refusal(stream: Stream): Promise<grpc.ServiceError> {
  return new Promise((resolve) => {
    stream.on('data', () => {})
    stream.once('error', (err: grpc.ServiceError) => resolve(err))
  })
}

function download(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
    }).on('error', reject)
  })
}

/** POST /transcodeResults over HTTP/2 with TLS, as go-livepeer's http2.Transport. */
function postResult(
  uri: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const session = connect(uri, { rejectUnauthorized: false })
    session.on('error', reject)
    const req = session.request({ ':method': 'POST', ':path': '/transcodeResults', ...headers })
    let status = 0
    const chunks: Buffer[] = []
    req.on('response', (h) => {
      status = Number(h[':status'])
    })
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      session.close()
      resolve({ status, text: Buffer.concat(chunks).toString() })
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('a go-livepeer-style transcoder built from net.proto', () => {
  let node: TranscoderNode
  let client: TranscoderClient

  beforeAll(async () => {
    node = await startTranscoderNode({ secret: SECRET })
    client = transcoderClient(node.addr)
  })
  afterAll(async () => {
    client?.close()
    await node?.close()
  })

  it('registers, gets a work item, downloads the input and posts a multipart result', async () => {
    const stream = client.RegisterTranscoder({ secret: SECRET, capacity: 2 })
    await until(() => node.registry.list().length === 1)
    expect(node.registry.list()[0]).toMatchObject({ capacity: 2, load: 0 })
    expect(node.registry.totalCapacity()).toBe(2)

    const input = Buffer.from('an MPEG-TS segment, as far as this test cares')
    const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])
    const item = nextItem(stream)
    const done = node.registry.transcode(input, profiles, {
      manifestId: 'stream-1',
      seq: 5,
      sessionId: 'a1b2c3d4',
      durationMs: 2000,
    })
    done.catch(() => {}) // awaited below; not unhandled if an assertion fails first
    const n = await item
    expect(n.url).toBe(`${node.uri}/stream/a1b2c3d4/5.tempfile`)
    expect(n.taskId).toBe('0')
    expect(n.orchId).toBe('offchain')
    expect(n.profiles.toString()).toBe('invalid')
    const seg = n.segData!
    expect(seg.manifestId.toString()).toBe('stream-1')
    expect(seg.seq).toBe('5')
    expect(seg.duration).toBe(2000)
    expect(seg.hash).toEqual(Buffer.alloc(32))
    expect(seg.sig).toHaveLength(0)
    expect(seg.storage).toHaveLength(0)
    expect(seg.profiles.toString()).toBe('invalid')
    expect(seg.auth_token?.session_id).toBe('a1b2c3d4')
    expect(seg.fullProfiles.map((p) => [p.name, p.width, p.height, p.bitrate])).toEqual([
      ['P240p30fps16x9', 426, 240, 600000],
      ['P360p30fps16x9', 640, 360, 1200000],
    ])
    expect(seg.capabilities?.bitstring.length).toBeGreaterThan(0)

    const got = await download(n.url)
    expect(got.status).toBe(200)
    expect(got.body).toEqual(input)

    const boundary = '0f1e2d3c4b5a69788796'
    const part = (bytes: string, pixels: number) =>
      `--${boundary}\r\nContent-Type: video/mp2t\r\nContent-Length: ${bytes.length}\r\nPixels: ${pixels}\r\n\r\n${bytes}\r\n`
    const body = Buffer.from(
      `${part('rendition-240', 6_134_400)}${part('rendition-360', 13_824_000)}--${boundary}--\r\n`,
    )
    const headers = {
      authorization: 'Livepeer-Transcoder-1.0',
      credentials: SECRET,
      taskid: n.taskId,
      pixels: '13824000',
      'content-type': `multipart/mixed; boundary=${boundary}`,
    }
    expect(await postResult(node.uri, { ...headers, credentials: 'wrong' }, body)).toEqual({
      status: 401,
      text: 'Unauthorized\n',
    })
    expect(await postResult(node.uri, { ...headers, taskid: 'x' }, body)).toEqual({
      status: 400,
      text: 'Invalid Task ID\n',
    })
    expect(await postResult(node.uri, headers, body)).toEqual({ status: 200, text: 'OK' })

    const renditions = await done
    expect(renditions.map((r) => [r.profile, Buffer.from(r.data).toString(), r.pixels])).toEqual([
      ['P240p30fps16x9', 'rendition-240', 6_134_400],
      ['P360p30fps16x9', 'rendition-360', 13_824_000],
    ])
    // the input is gone once the task is done
    expect((await download(n.url)).status).toBe(404)

    expect(node.registry.list()[0]!.load).toBe(1)
    const teardown = nextItem(stream)
    node.registry.endSession('a1b2c3d4')
    const t = await teardown
    expect(t.url).toBe('')
    expect(t.segData?.auth_token?.session_id).toBe('a1b2c3d4')
    expect(node.registry.list()[0]!.load).toBe(0)

    stream.on('error', () => {}) // the cancel below ends it with CANCELLED
    stream.cancel()
    await until(() => node.registry.list().length === 0)
    expect(node.registry.totalCapacity()).toBe(0)
  })

  it('sends an error result to the segment as its text', async () => {
    const stream = client.RegisterTranscoder({ secret: SECRET, capacity: 1 })
    await until(() => node.registry.list().length === 1)
    const item = nextItem(stream)
    const done = node.registry.transcode(Buffer.from('x'), profilesByName(['P144p30fps16x9']), {
      manifestId: 'm',
      seq: 0,
    })
    done.catch(() => {})
    const n = await item
    const res = await postResult(
      node.uri,
      {
        authorization: 'Livepeer-Transcoder-1.0',
        credentials: SECRET,
        taskid: n.taskId,
        pixels: '0',
        'content-type': 'livepeer/transcoding-error',
      },
      Buffer.from('incompatible segment capabilities'),
    )
    expect(res).toEqual({ status: 200, text: 'OK' })
    await expect(done).rejects.toMatchObject({ shortMessage: 'incompatible segment capabilities' })
    stream.on('error', () => {})
    stream.cancel()
    await until(() => node.registry.list().length === 0)
  })

  it('refuses a wrong secret and a zero capacity with go-livepeer’s texts', async () => {
    const wrong = await refusal(client.RegisterTranscoder({ secret: 'nope', capacity: 1 }))
    expect([wrong.code, wrong.details]).toEqual([grpc.status.UNKNOWN, 'invalid secret'])
    const zero = await refusal(client.RegisterTranscoder({ secret: SECRET, capacity: 0 }))
    expect([zero.code, zero.details]).toEqual([grpc.status.UNKNOWN, 'zero capacity'])
    expect(node.registry.list()).toEqual([])
  })
})
