/**
 * The orchestrator's segment path against a client that shares no code with Prism's wire module:
 * GetOrchestrator through @grpc/grpc-js with a client loaded from net.proto by
 * @grpc/proto-loader (TLS, the node's self-signed certificate as root; and plaintext), SegData and
 * Payment bytes written field by field from the spec's tables, `POST /segment` over raw HTTP.
 * 1. The spec's SegData vector (manifest `5f3a9c1e`, seq 7, segment `livepeer`, 240p + 360p in
 *    field 33, `invalid` in field 4) signed with the vector's signature by key 1 passes the
 *    orchestrator's checks on chain: the answer is 200 and a TranscodeResult for seq 7 (an error:
 *    `livepeer` is not video) with the refreshed info and the same auth token.
 * 2. A real segment, its Flatten bytes computed here and signed with viem, comes back as two
 *    renditions downloaded from their URLs, signed by the orchestrator's address.
 * 3. The same over HTTP/2 (ALPN h2, go-livepeer's HTTP client): the 200 comes as its own HEADERS
 *    frame before the TranscodeResult.
 * 4. Off chain (plaintext port, zero address, no signatures, empty payment) the same works.
 */
import { connect as http2Connect } from 'node:http2'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'
import { concat, hexToBytes, keccak256, recoverMessageAddress, stringToBytes, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type PaidSegmentNode, startPaidSegmentNode } from '../../helpers/paidSegmentNode.ts'
import { makeTestSegment, type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'
import { packedVarints, type RawValue, rawMessage, readRawMessage } from '../../helpers/wire/rawProto.ts'

const PROTO = join(import.meta.dirname, '..', '..', '..', 'packages', 'protocol', 'proto', 'net.proto')
const KEY1 = privateKeyToAccount(`0x${'00'.repeat(31)}01`)
/** §7.1: key 1's signature over its checksummed address. */
const REQUEST_SIG =
  '0x2e05f5b96d0c24dde6256c43b4dd51d50979d8a650510a52b1317a95e9eda00d3d716748cd06e78360e29fdfe091e0c6c5a3d7ae1fb408d0b746ebdd9fa6382a1c'
/** §7.3: key 1's signature over the vector's Flatten bytes. */
const SEGMENT_SIG =
  '0x81e7d49f1efb9d127fcf925b0abe4b32479c6ae5c019fcd66ba2863c1ea9c63c38d08e5b34158dae5ef9d8550d84ec3df7e8747a5eadd5d6b3888c4b0ed81b4c1b'
const LADDER = [
  { name: 'P240p30fps16x9', width: 426, height: 240, bitrate: 600_000, fps: 30 },
  { name: 'P360p30fps16x9', width: 640, height: 360, bitrate: 1_200_000, fps: 30 },
]

type GrpcInfo = {
  transcoder: string
  address: Buffer
  price_info: { pricePerUnit: string; pixelsPerUnit: string } | null
  auth_token: { token: Buffer; session_id: string; expiration: string } | null
}
type OrchestratorClient = grpc.Client & {
  GetOrchestrator(req: object, cb: (err: grpc.ServiceError | null, res: GrpcInfo) => void): void
}

function orchestratorClient(uri: string, cert: string | undefined): OrchestratorClient {
  const def = protoLoader.loadSync(PROTO, { keepCase: true, longs: String, defaults: true, oneofs: true })
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    net: { Orchestrator: new (addr: string, creds: grpc.ChannelCredentials) => OrchestratorClient }
  }
  const creds = cert ? grpc.credentials.createSsl(Buffer.from(cert)) : grpc.credentials.createInsecure()
  return new pkg.net.Orchestrator(new URL(uri).host, creds)
}

function getOrchestrator(client: OrchestratorClient, req: object): Promise<GrpcInfo> {
  return new Promise((resolve, reject) =>
    client.GetOrchestrator(req, (err, res) => (err ? reject(err) : resolve(res))),
  )
}

/** The SegData of the spec's tables, written by hand. */
function segDataBytes(o: {
  manifestId: string
  seq: bigint
  hash: Uint8Array
  sig: Uint8Array
  token: NonNullable<GrpcInfo['auth_token']>
}): Uint8Array {
  const token = rawMessage([
    [1, o.token.token],
    [2, o.token.session_id],
    [3, BigInt(o.token.expiration)],
  ])
  // job capabilities: H.264 (0), MPEG-TS (1), auth token (12)
  const caps = rawMessage([[1, packedVarints([(1n << 0n) | (1n << 1n) | (1n << 12n)])]])
  const profiles = LADDER.map((p): [number, Uint8Array] => [
    33,
    rawMessage([
      [16, p.name],
      [17, p.width],
      [18, p.height],
      [19, p.bitrate],
      [20, p.fps],
    ]),
  ])
  return rawMessage([
    [1, o.manifestId],
    [2, o.seq],
    [3, o.hash],
    [4, 'invalid'],
    ...(o.sig.length ? [[5, o.sig] as [number, Uint8Array]] : []),
    [6, 2000],
    [7, caps],
    [8, token],
    ...profiles,
  ])
}

/** Flatten as the spec says: manifest ‖ u256(seq) ‖ hash ‖ ASCII hex of keccak(name)[0:4] per profile. */
function flatten(manifestId: string, seq: bigint, hash: Uint8Array): Uint8Array {
  const ids = LADDER.map((p) => keccak256(stringToBytes(p.name)).slice(2, 10)).join('')
  return concat([stringToBytes(manifestId), hexToBytes(toHex(seq, { size: 32 })), hash, stringToBytes(ids)])
}

function paymentHeader(sender: Uint8Array, price: GrpcInfo['price_info']): string {
  const ppu = BigInt(price?.pricePerUnit ?? 0)
  const pxpu = BigInt(price?.pixelsPerUnit ?? 0)
  const expected = rawMessage([
    ...(ppu ? [[1, ppu] as [number, bigint]] : []),
    ...(pxpu ? [[2, pxpu] as [number, bigint]] : []),
  ])
  return Buffer.from(
    rawMessage([
      [2, sender],
      [5, expected],
    ]),
  ).toString('base64')
}

/** A raw HTTPS request that trusts only the node's certificate. */
function httpsCall(
  url: string,
  cert: string,
  init: { method: string; headers?: Record<string, string>; body?: Uint8Array },
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: init.method, headers: init.headers ?? {}, ca: cert }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(init.body ? Buffer.from(init.body) : undefined)
  })
}

const one = (m: Map<number, RawValue[]>, f: number) => m.get(f)?.[0]
const text = (v: RawValue | undefined) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : '')

describe('POST /segment against an independent go-livepeer-style client', () => {
  let chain: DevChain
  let node: PaidSegmentNode
  let client: OrchestratorClient
  let segment: Buffer

  beforeAll(async () => {
    chain = await startDevChain({ roundLength: 200 })
    // price 0: on chain (signatures checked), no funded sender needed
    node = await startPaidSegmentNode(chain, { pricePerUnit: 0n, ticketEV: 1_000_000_000_000n })
    client = orchestratorClient(node.uri, node.cert)
    segment = await makeTestSegment(2)
  })
  afterAll(async () => {
    client?.close()
    await node?.close()
    await chain?.close()
  })

  async function post(seg: Uint8Array, payment: string, body: Uint8Array) {
    return httpsCall(`${node.uri}/segment`, node.cert!, {
      method: 'POST',
      headers: {
        'Content-Type': 'video/MP2T',
        'Livepeer-Segment': Buffer.from(seg).toString('base64'),
        'Livepeer-Payment': payment,
      },
      body,
    })
  }

  it('accepts the §7.3 SegData signed with the vector signature and answers a TranscodeResult', async () => {
    const info = await getOrchestrator(client, {
      address: hexToBytes(KEY1.address),
      sig: hexToBytes(REQUEST_SIG),
    })
    expect(info.transcoder).toBe(node.uri)
    expect(toHex(info.address)).toBe(node.stack.recipient.toLowerCase())
    const token = info.auth_token!
    expect(token.session_id).toMatch(/^[0-9a-f]{8}$/)
    const body = stringToBytes('livepeer')
    const hash = keccak256(body, 'bytes')
    expect(toHex(hash)).toBe('0xa6cb9ee212ccec8f1e350bd2d8b42cb93e6fd9afb9e0f2a2fcfbfe474b672b95')
    expect(toHex(flatten('5f3a9c1e', 7n, hash))).toBe(
      '0x35663361396331650000000000000000000000000000000000000000000000000000000000000007a6cb9ee212ccec8f1e350bd2d8b42cb93e6fd9afb9e0f2a2fcfbfe474b672b9563306136353137613933633731376537',
    )
    const seg = segDataBytes({ manifestId: '5f3a9c1e', seq: 7n, hash, sig: hexToBytes(SEGMENT_SIG), token })
    const res = await post(seg, paymentHeader(hexToBytes(KEY1.address), info.price_info), body)
    expect(res.status).toBe(200)
    const result = readRawMessage(res.body)
    expect(one(result, 1)).toBe(7n)
    // `livepeer` is no video: the transcoder's error travels in the body, after the 200
    expect(text(one(result, 2)).length).toBeGreaterThan(0)
    const refreshed = readRawMessage(one(result, 16) as Uint8Array)
    const sameToken = readRawMessage(one(refreshed, 6) as Uint8Array)
    expect(text(one(sameToken, 2))).toBe(token.session_id)
    expect(one(refreshed, 2)).toBeInstanceOf(Uint8Array) // fresh ticket params

    // the same SegData with one signature byte changed is refused before the body is used
    const bad = hexToBytes(SEGMENT_SIG)
    bad[3] = bad[3]! ^ 1
    const refused = await post(
      segDataBytes({ manifestId: '5f3a9c1e', seq: 7n, hash, sig: bad, token }),
      paymentHeader(hexToBytes(KEY1.address), info.price_info),
      body,
    )
    expect(refused).toMatchObject({ status: 403 })
    expect(refused.body.toString()).toBe('ErrSegSig\n')
  })

  it('transcodes a real segment signed over its Flatten bytes, renditions by URL, signed by the orchestrator', async () => {
    const info = await getOrchestrator(client, {
      address: hexToBytes(KEY1.address),
      sig: hexToBytes(REQUEST_SIG),
    })
    const hash = keccak256(segment, 'bytes')
    const sig = await KEY1.signMessage({ message: { raw: keccak256(flatten('interop', 1n, hash)) } })
    const seg = segDataBytes({
      manifestId: 'interop',
      seq: 1n,
      hash,
      sig: hexToBytes(sig),
      token: info.auth_token!,
    })
    const res = await post(seg, paymentHeader(hexToBytes(KEY1.address), info.price_info), segment)
    expect(res.status).toBe(200)
    const result = readRawMessage(res.body)
    expect(one(result, 2)).toBeUndefined()
    const data = readRawMessage(one(result, 3) as Uint8Array)
    const segments = (data.get(1) ?? []).map((s) => readRawMessage(s as Uint8Array))
    expect(segments).toHaveLength(2)
    const renditions: Uint8Array[] = []
    for (const [i, s] of segments.entries()) {
      const url = text(one(s, 1))
      expect(url).toBe(`${node.uri}/stream/${info.auth_token!.session_id}/${LADDER[i]!.name}/1.ts`)
      expect(one(s, 2)).toBeGreaterThan(BigInt(LADDER[i]!.width * LADDER[i]!.height))
      const got = await httpsCall(url, node.cert!, { method: 'GET' })
      expect(got.status).toBe(200)
      expect(got.body[0]).toBe(0x47) // MPEG-TS sync byte
      renditions.push(got.body)
    }
    const h = keccak256(concat(renditions.map((r) => keccak256(r, 'bytes'))))
    const signer = await recoverMessageAddress({
      message: { raw: h },
      signature: toHex(one(data, 2) as Uint8Array),
    })
    expect(signer.toLowerCase()).toBe(node.stack.recipient.toLowerCase())
  })

  it('answers 200 in a HEADERS frame of its own, then the TranscodeResult', async () => {
    const info = await getOrchestrator(client, {
      address: hexToBytes(KEY1.address),
      sig: hexToBytes(REQUEST_SIG),
    })
    const body = new Uint8Array(await makeTestSegment(2))
    const hash = keccak256(body, 'bytes')
    const sig = await KEY1.signMessage({ message: { raw: keccak256(flatten('h2', 3n, hash)) } })
    const seg = segDataBytes({
      manifestId: 'h2',
      seq: 3n,
      hash,
      sig: hexToBytes(sig),
      token: info.auth_token!,
    })
    const session = http2Connect(node.uri, { ca: node.cert! })
    try {
      const events: string[] = []
      const res = await new Promise<{ status: number; body: Buffer; alpn: string | false | undefined }>(
        (resolve, reject) => {
          const req = session.request({
            ':method': 'POST',
            ':path': '/segment',
            'content-type': 'video/MP2T',
            'livepeer-segment': Buffer.from(seg).toString('base64'),
            'livepeer-payment': paymentHeader(hexToBytes(KEY1.address), info.price_info),
          })
          let status = 0
          const chunks: Buffer[] = []
          req.on('response', (headers) => {
            events.push('headers')
            status = Number(headers[':status'])
          })
          req.on('data', (c: Buffer) => {
            if (events.at(-1) !== 'data') events.push('data')
            chunks.push(c)
          })
          req.on('end', () => resolve({ status, body: Buffer.concat(chunks), alpn: session.alpnProtocol }))
          req.on('error', reject)
          req.end(body)
        },
      )
      expect(res.alpn).toBe('h2')
      expect(res.status).toBe(200)
      expect(events).toEqual(['headers', 'data'])
      const result = readRawMessage(res.body)
      expect(one(result, 1)).toBe(3n)
      const data = readRawMessage(one(result, 3) as Uint8Array)
      expect(data.get(1)).toHaveLength(2)
    } finally {
      session.close()
    }
  })
})

describe('POST /segment off chain against the independent client (plaintext port)', () => {
  let node: SegmentNode
  let client: OrchestratorClient

  beforeAll(async () => {
    node = await startSegmentNode({ tls: false })
    client = orchestratorClient(node.uri, undefined)
  })
  afterAll(async () => {
    client?.close()
    await node?.close()
  })

  it('needs no signature and no payment, and still checks the auth token', async () => {
    const info = await getOrchestrator(client, { address: new Uint8Array(20), sig: new Uint8Array(0) })
    expect(toHex(info.address)).toBe(`0x${'00'.repeat(20)}`)
    expect(info.price_info).toBeNull()
    const body = new Uint8Array(await makeTestSegment(1))
    const hash = keccak256(body, 'bytes')
    const seg = segDataBytes({
      manifestId: 'off',
      seq: 0n,
      hash,
      sig: new Uint8Array(0),
      token: info.auth_token!,
    })
    const send = (s: Uint8Array) =>
      fetch(`${node.uri}/segment`, {
        method: 'POST',
        headers: {
          'Content-Type': 'video/MP2T',
          'Livepeer-Segment': Buffer.from(s).toString('base64'),
          'Livepeer-Payment': '',
        },
        body,
      })
    const res = await send(seg)
    expect(res.status).toBe(200)
    const result = readRawMessage(new Uint8Array(await res.arrayBuffer()))
    const data = readRawMessage(one(result, 3) as Uint8Array)
    expect(data.get(1)).toHaveLength(2)
    expect(one(data, 2)).toBeUndefined() // no signature off chain

    const forged = { ...info.auth_token!, token: Buffer.alloc(32, 1) }
    const refused = await send(
      segDataBytes({ manifestId: 'off', seq: 1n, hash, sig: new Uint8Array(0), token: forged }),
    )
    expect(refused.status).toBe(403)
    expect(await refused.text()).toBe('invalid auth token\n')
  })
})
