/**
 * `POST /segment` as go-livepeer serves it (docs/livepeer-compat.md): the body is one segment,
 * `Livepeer-Segment` carries the SegData (base64 protobuf) and `Livepeer-Payment` the Payment.
 *
 * Before a body byte is read the headers are checked in go-livepeer's order, each refusal with
 * go-livepeer's status and text (plain text body):
 * 1. `Livepeer-Payment` decodes (an absent header is the empty payment) — else 402;
 * 2. `Livepeer-Segment` — else 403: base64 (`ErrorSegEncoding`), protobuf, profiles (read from
 *    fields 35, 34, 33; field 4 ignored) and duration, the signature over the flattened bytes by
 *    Payment.sender (`ErrSegSig`; not checked off chain), capabilities ⊆ this node's
 *    (`incompatible capabilities`), the auth token (`missing` / `invalid` / `expired auth
 *    token`), room for a new session (`OrchestratorCapped`);
 * 3. the declared length against the segment's cap ({@link segmentBodyCap}).
 * The body is then streamed in up to that cap and its keccak256 checked (403 `Forbidden`), both
 * before any payment is processed, so a refused segment credits nothing. Then (on chain) the
 * answer's ticket params are issued (500 when they cannot be), the payment is credited to
 * (sender, auth token session id) and a priced session must hold one ticket EV (400 with the
 * payment's error text, or `Insufficient balance`).
 *
 * From there the answer is `200` at once (headers flushed before transcoding), and every later
 * failure travels inside the protobuf `TranscodeResult` body (`OrchestratorBusy`, transcoder
 * errors): the session's queue runs the transcode, the renditions are kept in memory and named by
 * URL (`<serviceURI>/stream/<session>/<profile>/<seq><ext>`, see {@link SegmentSessions}), their
 * pixels are debited at the session's price, and the result carries the renditions' signature
 * and a refreshed OrchestratorInfo (field 16: new ticket params, the same auth token).
 */

import type { IncomingMessage } from 'node:http'
import { type Http2ServerRequest, constants as http2 } from 'node:http2'
import { create } from '@bufbuild/protobuf'
import {
  CapabilitiesIncompatibleError,
  encodeWire,
  fixedBytes,
  fromNetVideoProfile,
  incompatibility,
  isBaseError,
  net,
  OrchestratorCappedError,
  type Payment,
  type RenditionProfile,
  segDataFromHeader,
  segDataProfiles,
  segmentDurationMs,
  signTranscodeResult,
  type TicketSigner,
  verifySegData,
  ZERO_ADDRESS_BYTES,
} from '@prism/protocol'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Address, bytesToString } from 'viem'
import { keccak256Bytes } from '../../../lib/keccak256Bytes.ts'
import { logger } from '../../../lib/logger.ts'
import { decodeWirePayment } from '../../payment/decodeWirePayment.ts'
import type { SegmentPaymentGate } from '../../payment/segmentPaymentGate.ts'
import { SegmentSessions } from '../../sessions/SegmentSessions.ts'
import {
  SegmentHashMismatchError,
  SegmentTooLargeError,
  SegmentTranscodeFailedError,
  SegmentUriUnsupportedError,
} from '../errors.ts'
import type { AuthTokens } from '../grpc/authTokens.ts'
import { segmentBodyCap } from './segmentBodyCap.ts'
import { streamPlugin } from './stream.ts'

/** Default maximum segment body: 300 MB, go-livepeer's limit. */
export const DEFAULT_MAX_SEGMENT_BYTES = 300 * 1024 * 1024

/** Content type of a segment whose body is a URL to fetch (refused: no object store here). */
export const SEGMENT_URI_CONTENT_TYPE = 'application/vnd+livepeer.uri'

/** What the transcoder is told about a segment besides its bytes and profiles. */
export type SegmentTranscodeContext = {
  /** SegData.manifestId as text. */
  manifestId: string
  seq: number
  /** The auth token's session id (a session sticks to one remote transcoder). */
  sessionId: string
  authToken: net.AuthToken
  /** Duration in ms (0 already read as 2000). */
  durationMs: number
  capabilities?: net.Capabilities
  calcPerceptualHash?: boolean
  segmentParameters?: net.SegParameters
}

/** One rendition as the transcoder returns it (profile order). */
export type SegmentTranscodeRendition = {
  data: Uint8Array
  /** Encoded output pixels. */
  pixels: number
  /** MPEG-7 signature bytes when asked for and made. */
  perceptualHash?: Uint8Array
}

/**
 * Transcodes one segment (the transcoder registry: remote transcoders or local ffmpeg).
 * @throws any error; its text goes into the TranscodeResult.
 */
export type SegmentTranscodeFn = (
  data: Uint8Array,
  profiles: readonly RenditionProfile[],
  ctx: SegmentTranscodeContext,
) => Promise<SegmentTranscodeRendition[]>

/** The on-chain side of the route. */
export type SegmentOnChain = {
  payments: SegmentPaymentGate
  /** Signs the renditions (the node's account). */
  signer: TicketSigner
  /** OrchestratorInfo.address: the node's address. */
  address: Address
}

/** Options of {@link segmentPlugin}. */
export type SegmentPluginOptions = {
  transcode: SegmentTranscodeFn
  /** Checks auth tokens (the ones GetOrchestrator issued). */
  tokens: AuthTokens
  /** This node's capabilities now (a segment's must be a subset). */
  capabilities: () => net.Capabilities
  /** The service URI (rendition URLs, OrchestratorInfo.transcoder). */
  serviceURI: () => string
  /** Sessions, queues and renditions. Default: a new one, closed with the app. */
  sessions?: SegmentSessions
  /** `-maxSessions`. Default: 10. */
  maxSessions?: () => number
  /** Sessions counted against maxSessions. Default: the segment sessions. */
  activeSessions?: () => number
  /** On chain: payments and the result signer. Absent = off chain (nothing paid or signed). */
  onChain?: SegmentOnChain
  /** Largest accepted segment in bytes. Default: {@link DEFAULT_MAX_SEGMENT_BYTES}. */
  maxSegmentBytes?: number
  /** Called after each transcoded segment (metrics). */
  onSegment?: (info: { manifestId: string; seq: number; pixels: number; ok: boolean }) => void
}

const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000'

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** What the headers of a segment request established before its body is read. */
type CheckedHeaders = {
  payment: Payment
  sender: Address
  seg: net.SegData
  token: net.AuthToken
  profiles: RenditionProfile[]
  durationMs: number
  offered: net.Capabilities
  /** Body bytes this segment may carry. */
  cap: number
}

/**
 * The profile's directory name in rendition URLs: its name, or (never signed that way by a
 * gateway, which always names profiles) `net_<w>x<h>_<bitrate>`.
 */
function profileDir(p: RenditionProfile): string {
  return p.name || `net_${p.width}x${p.height}_${Math.round(p.bitrateKbps * 1000)}`
}

function extension(p: RenditionProfile): string {
  return p.format === net.VideoProfile_Format.MP4 ? '.mp4' : '.ts'
}

/**
 * Checks a segment request's headers (no body byte read yet), in go-livepeer's order.
 *
 * @throws PAYMENT_DECODE_FAILED (402); WIRE_SEGMENT_ENCODING, WIRE_DECODE_FAILED,
 * WIRE_PROFILE_UNSUPPORTED, WIRE_SEGMENT_DURATION_INVALID, WIRE_SEGMENT_SIG_INVALID,
 * WIRE_CAPABILITIES_INCOMPATIBLE, WIRE_AUTH_TOKEN_MISSING / INVALID / EXPIRED,
 * WIRE_ORCHESTRATOR_CAPPED (403); SEGMENT_URI_UNSUPPORTED (400); SEGMENT_TOO_LARGE (500).
 */
function checkHeaders(
  req: FastifyRequest,
  o: SegmentPluginOptions,
  sessions: SegmentSessions,
  max: number,
): CheckedHeaders {
  const payment = decodeWirePayment(header(req, 'livepeer-payment') ?? '')
  const sender = payment.sender === '0x' ? ZERO_ADDRESS : (payment.sender as Address)
  const seg = segDataFromHeader(header(req, 'livepeer-segment') ?? '')
  const profiles = segDataProfiles(seg).map(fromNetVideoProfile)
  const durationMs = segmentDurationMs(seg.duration)
  verifySegData(seg, sender, { offchain: !o.onChain })
  const offered = o.capabilities()
  const why = incompatibility(seg.capabilities, offered)
  if (why) throw new CapabilitiesIncompatibleError(why)
  const token = o.tokens.verify(seg.authToken)
  const active = o.activeSessions?.() ?? sessions.size
  if (!sessions.has(token.sessionId) && active >= (o.maxSessions?.() ?? 10))
    throw new OrchestratorCappedError()
  const type = header(req, 'content-type')?.split(';')[0]?.trim().toLowerCase()
  if (type === SEGMENT_URI_CONTENT_TYPE) throw new SegmentUriUnsupportedError()
  const cap = segmentBodyCap(durationMs, profiles, max)
  if (Number(header(req, 'content-length') ?? 0) > cap) throw new SegmentTooLargeError(cap)
  return { payment, sender, seg, token, profiles, durationMs, offered, cap }
}

/** Bytes a refused request may still send after its answer before its connection is cut. */
const DISCARD_LIMIT = 16 * 1024 * 1024
/** How long a refused request's body may take to end after the answer before its connection is cut. */
const DISCARD_GRACE_MS = 2000

/** A body that went past its cap: nothing of it is kept. */
type Overflow = { overflow: number }

/**
 * Reads a body stream up to `cap` bytes. Past the cap it keeps nothing more and resolves
 * {@link Overflow}: the handler refuses the segment on a connection that stays usable, and
 * {@link discardRest} drops what follows.
 */
function readCapped(payload: IncomingMessage, cap: number): Promise<Buffer | Overflow> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      payload.removeListener('data', onData)
      payload.removeListener('end', onEnd)
      payload.removeListener('error', reject)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= cap) return void chunks.push(chunk)
      chunks.length = 0
      stop()
      resolve({ overflow: cap })
    }
    const onEnd = () => {
      stop()
      resolve(Buffer.concat(chunks, size))
    }
    payload.on('data', onData)
    payload.on('end', onEnd)
    payload.on('error', reject)
  })
}

/** Ends a refused request's transfer: its HTTP/2 stream, or its HTTP/1.1 connection. */
function cut(raw: IncomingMessage | Http2ServerRequest): void {
  if ('stream' in raw && raw.stream) raw.stream.close(http2.NGHTTP2_CANCEL)
  else raw.socket?.destroy()
}

/**
 * After a refusal: reads and drops what the client still sends, and cuts the transfer once more
 * than {@link DISCARD_LIMIT} bytes came after the answer, or when the body has not ended
 * {@link DISCARD_GRACE_MS} after it (a body that never ends; an HTTP/1.1 connection cannot carry
 * another request before it does).
 */
function discardRest(raw: IncomingMessage | Http2ServerRequest): void {
  if (raw.complete || raw.destroyed) return
  let dropped = 0
  const timer = setTimeout(() => cut(raw), DISCARD_GRACE_MS)
  raw.once('end', () => clearTimeout(timer))
  raw.once('close', () => clearTimeout(timer))
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length
    if (dropped > DISCARD_LIMIT) cut(raw)
  })
  raw.resume()
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Status and text body of a refusal, as go-livepeer answers it. */
function refusal(err: unknown): { status: number; text: string } {
  if (!isBaseError(err)) return { status: 500, text: 'Internal Server Error' }
  switch (err.code) {
    case 'PAYMENT_DECODE_FAILED':
    case 'PAYMENT_TOO_MANY_TICKETS':
      return { status: 402, text: [err.shortMessage, err.details].filter(Boolean).join(': ') }
    case 'SEGMENT_HASH_MISMATCH':
      return { status: 403, text: 'Forbidden' }
    case 'RENDITION_NOT_FOUND':
      return { status: 404, text: 'Not Found' }
    case 'SEGMENT_TOO_LARGE':
    case 'INTERNAL_ERROR':
      return { status: 500, text: 'Internal Server Error' }
  }
  if (err.code.startsWith('WIRE_')) return { status: 403, text: err.shortMessage }
  // the payment's own errors (ticket and price codes): 400 with go-livepeer's wording
  return { status: 400, text: [err.shortMessage, err.details].filter(Boolean).join(' ') }
}

/** The refreshed OrchestratorInfo of an answer: fresh ticket params, the segment's auth token. */
async function answerInfo(o: SegmentPluginOptions, h: CheckedHeaders): Promise<net.OrchestratorInfo> {
  const info = create(net.OrchestratorInfoSchema, {
    transcoder: o.serviceURI(),
    address: o.onChain ? fixedBytes(o.onChain.address, 20, 'address') : ZERO_ADDRESS_BYTES,
    capabilities: h.offered,
    authToken: h.token,
  })
  if (!o.onChain) return info
  const { ticketParams, priceInfo } = await o.onChain.payments.ticketInfo(h.sender, h.token.sessionId)
  info.ticketParams = ticketParams
  info.priceInfo = priceInfo
  return info
}

/** Transcodes, stores and signs; every failure becomes the result's error text. */
async function transcodeResult(
  o: SegmentPluginOptions,
  sessions: SegmentSessions,
  h: CheckedHeaders,
  body: Uint8Array,
  info: net.OrchestratorInfo,
): Promise<net.TranscodeResult> {
  const { seg, token, profiles } = h
  const sessionId = token.sessionId
  const manifestId = bytesToString(seg.manifestId)
  const seq = Number(seg.seq)
  const ctx: SegmentTranscodeContext = {
    manifestId,
    seq,
    sessionId,
    authToken: token,
    durationMs: h.durationMs,
    ...(seg.capabilities ? { capabilities: seg.capabilities } : {}),
    ...(seg.calcPerceptualHash ? { calcPerceptualHash: true } : {}),
    ...(seg.segmentParameters ? { segmentParameters: seg.segmentParameters } : {}),
  }
  try {
    const renditions = await sessions.run(sessionId, () => o.transcode(body, profiles, ctx))
    if (renditions.length !== profiles.length) throw new SegmentTranscodeFailedError('MismatchedSegments')
    const base = `${o.serviceURI()}/stream/${encodeURIComponent(sessionId)}`
    const segments = renditions.map((r, i) => {
      const p = profiles[i]!
      const dir = profileDir(p)
      const file = `${seg.seq}${extension(p)}`
      sessions.store(sessionId, dir, file, r.data)
      const url = `${base}/${encodeURIComponent(dir)}/${file}`
      let perceptualHashUrl = ''
      if (r.perceptualHash) {
        sessions.store(sessionId, dir, `${file}.phash`, r.perceptualHash)
        perceptualHashUrl = `${url}.phash`
      }
      return create(net.TranscodedSegmentDataSchema, { url, pixels: BigInt(r.pixels), perceptualHashUrl })
    })
    const pixels = renditions.reduce((a, r) => a + r.pixels, 0)
    if (o.onChain) o.onChain.payments.handleDebit(h.sender, sessionId, BigInt(pixels))
    const sig = o.onChain
      ? await signTranscodeResult(
          o.onChain.signer,
          renditions.map((r) => r.data),
        )
      : new Uint8Array(0)
    o.onSegment?.({ manifestId, seq, pixels, ok: true })
    return create(net.TranscodeResultSchema, {
      seq: seg.seq,
      result: { case: 'data', value: create(net.TranscodeDataSchema, { segments, sig }) },
      info,
    })
  } catch (err) {
    o.onSegment?.({ manifestId, seq, pixels: 0, ok: false })
    const text = isBaseError(err) ? err.shortMessage : err instanceof Error ? err.message : String(err)
    if (!isBaseError(err)) logger.warn(`segment ${manifestId}/${seq} failed`, err)
    return create(net.TranscodeResultSchema, { seq: seg.seq, result: { case: 'error', value: text }, info })
  }
}

/**
 * Registers `POST /segment` and the rendition downloads (`GET /stream/<session>/<profile>/<file>`,
 * {@link streamPlugin}). Register it unwrapped (not through fastify-plugin) so that its content
 * parser and error handler stay inside its context.
 *
 * @example
 * await app.register(segmentPlugin, { transcode: (d, p, c) => registry.transcode(d, p, c), tokens,
 *   capabilities: () => caps, serviceURI: () => 'https://o.example:8935' })
 */
export async function segmentPlugin(app: FastifyInstance, opts: SegmentPluginOptions): Promise<void> {
  const max = opts.maxSegmentBytes ?? DEFAULT_MAX_SEGMENT_BYTES
  const sessions = opts.sessions ?? new SegmentSessions()
  if (!opts.sessions) app.addHook('onClose', async () => sessions.close())
  const checked = new WeakMap<FastifyRequest, CheckedHeaders>()
  // Streams the body in only after onRequest checked the headers, up to that segment's cap.
  app.addContentTypeParser('*', (req: FastifyRequest, payload: IncomingMessage) =>
    readCapped(payload, checked.get(req)?.cap ?? max),
  )
  app.setErrorHandler((err, _req, reply) => {
    const e =
      (err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? new SegmentTooLargeError(max) : err
    const { status, text } = refusal(e)
    if (status === 500 && !isBaseError(e)) logger.warn('POST /segment failed', e)
    return reply.status(status).type('text/plain; charset=utf-8').send(`${text}\n`)
  })

  streamPlugin(app, { sessions })
  app.post(
    '/segment',
    {
      bodyLimit: max,
      onRequest: async (req) => {
        checked.set(req, checkHeaders(req, opts, sessions, max))
      },
      onResponse: async (req) => discardRest(req.raw),
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const h = checked.get(req) ?? checkHeaders(req, opts, sessions, max)
      const overflow = (req.body as Partial<Overflow> | undefined)?.overflow
      if (overflow !== undefined) throw new SegmentTooLargeError(overflow)
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      if (!sameBytes(keccak256Bytes(body), h.seg.hash)) throw new SegmentHashMismatchError()
      let info: net.OrchestratorInfo
      try {
        info = await answerInfo(opts, h)
      } catch (err) {
        logger.warn('POST /segment: cannot build the OrchestratorInfo', err)
        return reply.status(500).type('text/plain; charset=utf-8').send('Internal Server Error\n')
      }
      if (opts.onChain) await opts.onChain.payments.handlePayment(h.payment, h.sender, h.token.sessionId)
      // go-livepeer's early 200: the headers leave now; errors from here on are in the body
      reply.hijack()
      const res = reply.raw
      res.writeHead(200)
      res.flushHeaders?.()
      const result = await transcodeResult(opts, sessions, h, body, info)
      res.end(Buffer.from(encodeWire(net.TranscodeResultSchema, result)))
    },
  )
}
