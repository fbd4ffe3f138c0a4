/**
 * `POST /segment` (go-livepeer's segment RPC, docs/protocol.md §1.8): the body is one MPEG-TS segment,
 * `Livepeer-Segment` carries the signed SegData and `Livepeer-Payment` the tickets.
 *
 * Headers first, body after: before a body byte is read the plugin checks the declared length, that
 * `Livepeer-Segment` decodes and its signature recovers, that its profiles are known and, on a paid
 * node, that `Livepeer-Payment` is present and names the segment's signer. Only then is the body
 * streamed in, cut off at the segment's cap ({@link segmentBodyCap}: its duration and ladder, at
 * most `maxSegmentBytes`). Then the body hash is checked, the payment gate credits the payment, the
 * segment is transcoded (locally or on an attached transcoder), the output pixels are debited and a
 * {@link SegmentResult} JSON answers. Errors answer `{ code, message }` with the error's status.
 */

import type { IncomingMessage } from 'node:http'
import type { SegmentResult } from '@prism/protocol'
import {
  decodeSegData,
  isBaseError,
  paymentFromHeader,
  recoverSegmentSigner,
  type SegData,
} from '@prism/protocol'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hexToBytes, keccak256 } from 'viem'
import type { SegmentRendition } from '../../../media/ffmpeg/transcodeSegment.ts'
import { profilesFromIds, type VideoProfile } from '../../../media/profiles.ts'
import { SegmentPaymentInvalidError } from '../../payment/errors.ts'
import {
  SegmentHashMismatchError,
  SegmentSigInvalidError,
  SegmentTooLargeError,
  SegmentTranscodeFailedError,
} from '../errors.ts'
import { segmentBodyCap } from './segmentBodyCap.ts'

/** Default maximum segment body: 300 MB, go-livepeer's limit. */
export const DEFAULT_MAX_SEGMENT_BYTES = 300 * 1024 * 1024

/** What `POST /segment` needs from the payment side (H5's TicketReceiver and ledger fit it). */
export type SegmentPaymentGate = {
  /**
   * Validates and credits the `Livepeer-Payment` header for a segment of `manifestId`; returns
   * the payment's sender. Throws a BaseError (its httpStatus is answered) when the payment is refused
   * or the balance is insufficient.
   */
  handlePayment(args: { header: string | undefined; manifestId: string }): Promise<{ sender: `0x${string}` }>
  /** Debits the output pixels of a transcoded segment from (sender, manifestId). */
  handleDebit(args: { sender: `0x${string}`; manifestId: string; pixels: bigint }): void
}

/** Transcodes one segment; the transcoder registry (attached transcoders or local ffmpeg) provides it. */
export type SegmentTranscodeFn = (
  data: Uint8Array,
  profiles: readonly VideoProfile[],
  ctx: { manifestId: string; seq: number },
) => Promise<SegmentRendition[]>

/** Options of {@link segmentPlugin}. */
export type SegmentPluginOptions = {
  transcode: SegmentTranscodeFn
  /** Payment gate; absent = offchain mode (no payment required, any valid signature accepted). */
  payments?: SegmentPaymentGate
  /** Largest accepted segment in bytes. Default: {@link DEFAULT_MAX_SEGMENT_BYTES}. */
  maxSegmentBytes?: number
  /** Called after each transcoded segment (metrics). */
  onSegment?: (info: { manifestId: string; seq: number; pixels: number; ok: boolean }) => void
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}

/** What the headers of a segment request established before its body is read. */
type CheckedHeaders = {
  seg: SegData
  signer: string
  profiles: VideoProfile[]
  paymentHeader: string | undefined
  /** Body bytes this segment may carry. */
  cap: number
}

/**
 * Checks a segment request's headers (no body byte read yet).
 *
 * @throws SegmentTooLargeError, SegmentSigInvalidError, SegmentProfileUnknownError,
 * SegmentPaymentInvalidError (paid node, no `Livepeer-Payment`).
 */
function checkHeaders(req: FastifyRequest, opts: SegmentPluginOptions, max: number): CheckedHeaders {
  const declared = Number(header(req, 'content-length') ?? 0)
  if (declared > max) throw new SegmentTooLargeError(max)
  const raw = header(req, 'livepeer-segment')
  if (!raw) throw new SegmentSigInvalidError('missing Livepeer-Segment header')
  let seg: SegData
  try {
    seg = decodeSegData(Buffer.from(raw, 'base64'))
  } catch (err) {
    throw new SegmentSigInvalidError(`unreadable Livepeer-Segment: ${(err as Error).message}`)
  }
  const signer = recoverSegmentSigner(seg, seg.sig)
  if (!signer) throw new SegmentSigInvalidError('signature does not recover')
  const paymentHeader = header(req, 'livepeer-payment')
  if (opts.payments) {
    if (!paymentHeader) throw new SegmentPaymentInvalidError('missing Livepeer-Payment header')
    // As go-livepeer: the segment must be signed by the payment's sender (checked before paying).
    let claimed: string | undefined
    try {
      claimed = paymentFromHeader(paymentHeader).sender
    } catch {
      claimed = undefined // the gate reports the decode error with its own code
    }
    if (claimed && claimed.toLowerCase() !== signer.toLowerCase())
      throw new SegmentSigInvalidError(`segment signed by ${signer}, payment sender is ${claimed}`)
  }
  const profiles = profilesFromIds(hexToBytes(seg.profiles))
  const cap = segmentBodyCap(seg.duration, profiles, max)
  if (declared > cap) throw new SegmentTooLargeError(cap)
  return { seg, signer, profiles, paymentHeader, cap }
}

/** Bytes a refused request may still send after its answer before its connection is cut. */
const DISCARD_LIMIT = 16 * 1024 * 1024
/** How long a refused request's body may take to end after the answer before its connection is cut. */
const DISCARD_GRACE_MS = 2000

/** A body that went past its cap: nothing of it is kept. */
type Overflow = { overflow: number }

/**
 * Reads a body stream up to `cap` bytes. Past the cap it keeps nothing more and resolves
 * {@link Overflow}: the handler answers SEGMENT_TOO_LARGE on a connection that stays usable, and
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

/**
 * After a refusal: reads and drops what the client still sends, and cuts the connection once more
 * than {@link DISCARD_LIMIT} bytes came after the answer, or when the body has not ended
 * {@link DISCARD_GRACE_MS} after it (a body that never ends; the connection cannot carry another
 * request before it does).
 */
function discardRest(raw: IncomingMessage): void {
  if (raw.complete || raw.destroyed) return
  let dropped = 0
  const cut = () => raw.socket?.destroy()
  const timer = setTimeout(cut, DISCARD_GRACE_MS)
  raw.once('end', () => clearTimeout(timer))
  raw.once('close', () => clearTimeout(timer))
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length
    if (dropped > DISCARD_LIMIT) cut()
  })
  raw.resume()
}

/**
 * Registers `POST /segment`. Register it unwrapped (not through fastify-plugin) so that its content
 * parser and error handler stay inside its context.
 *
 * Error codes: `SEGMENT_TOO_LARGE` (413), `SEGMENT_SIG_INVALID` (403), `SEGMENT_PROFILE_UNKNOWN`
 * (400), `SEGMENT_PAYMENT_INVALID` (400, paid node without `Livepeer-Payment`), all before the body
 * is read; then `SEGMENT_HASH_MISMATCH` (403), the payment gate's codes, `SEGMENT_TRANSCODE_FAILED` (500).
 * @example
 * await app.register(segmentPlugin, { transcode: (d, p) => registry.transcode(d, p) })
 */
export async function segmentPlugin(app: FastifyInstance, opts: SegmentPluginOptions): Promise<void> {
  const max = opts.maxSegmentBytes ?? DEFAULT_MAX_SEGMENT_BYTES
  const checked = new WeakMap<FastifyRequest, CheckedHeaders>()
  // Streams the body in only after onRequest checked the headers, up to that segment's cap.
  app.addContentTypeParser('*', (req: FastifyRequest, payload: IncomingMessage) =>
    readCapped(payload, checked.get(req)?.cap ?? max),
  )
  app.setErrorHandler((err, _req, reply) => {
    if (isBaseError(err)) return reply.status(err.httpStatus).send(err.toJSON())
    const e = err as { code?: string; statusCode?: number; message?: string }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const tooLarge = new SegmentTooLargeError(max)
      return reply.status(413).send(tooLarge.toJSON())
    }
    const status = e.statusCode && e.statusCode >= 400 ? e.statusCode : 500
    return reply.status(status).send({ code: 'SEGMENT_TRANSCODE_FAILED', message: e.message ?? 'error' })
  })

  app.post(
    '/segment',
    {
      bodyLimit: max,
      onRequest: async (req) => {
        checked.set(req, checkHeaders(req, opts, max))
      },
      onResponse: async (req) => discardRest(req.raw),
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const { seg, signer, profiles, paymentHeader } = checked.get(req) ?? checkHeaders(req, opts, max)
      const overflow = (req.body as Partial<Overflow> | undefined)?.overflow
      if (overflow !== undefined) throw new SegmentTooLargeError(overflow)
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      if (body.length === 0) throw new SegmentHashMismatchError()
      if (keccak256(body) !== seg.hash.toLowerCase()) throw new SegmentHashMismatchError()
      const manifestId = seg.manifestId
      const seq = Number(seg.seq)
      let sender: `0x${string}` | undefined
      if (opts.payments) {
        const paid = await opts.payments.handlePayment({ header: paymentHeader, manifestId })
        sender = paid.sender
        if (sender.toLowerCase() !== signer.toLowerCase())
          throw new SegmentSigInvalidError(`segment signed by ${signer}, payment sent by ${sender}`)
      }
      let renditions: SegmentRendition[]
      try {
        renditions = await opts.transcode(body, profiles, { manifestId, seq })
      } catch (err) {
        opts.onSegment?.({ manifestId, seq, pixels: 0, ok: false })
        if (isBaseError(err)) throw err
        throw new SegmentTranscodeFailedError((err as Error).message, err)
      }
      const pixels = renditions.reduce((a, r) => a + r.pixels, 0)
      if (opts.payments && sender) opts.payments.handleDebit({ sender, manifestId, pixels: BigInt(pixels) })
      opts.onSegment?.({ manifestId, seq, pixels, ok: true })
      const result: SegmentResult = {
        seq,
        renditions: renditions.map((r) => ({
          profile: r.profile,
          width: r.width,
          height: r.height,
          frames: r.frames,
          pixels: r.pixels,
          data: Buffer.from(r.data).toString('base64'),
        })),
      }
      return reply.status(200).send(result)
    },
  )
}
