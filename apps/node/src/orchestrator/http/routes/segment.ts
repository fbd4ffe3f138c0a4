/**
 * `POST /segment` (go-livepeer's segment RPC, docs/protocol.md §1.8): the body is one MPEG-TS segment,
 * `Livepeer-Segment` carries the signed SegData and `Livepeer-Payment` the tickets. The plugin
 * checks size, signature and body hash, hands the payment to the payment gate, transcodes to the
 * requested profiles (locally or on an attached transcoder), debits the output pixels and answers
 * a {@link SegmentResult} JSON. Errors answer `{ code, message }` with the error's status.
 */

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
import {
  SegmentHashMismatchError,
  SegmentSigInvalidError,
  SegmentTooLargeError,
  SegmentTranscodeFailedError,
} from '../errors.ts'

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

/**
 * Registers `POST /segment`. Register it unwrapped (not through fastify-plugin) so that its content
 * parser and error handler stay inside its context.
 *
 * Error codes: `SEGMENT_TOO_LARGE` (413), `SEGMENT_SIG_INVALID` (403), `SEGMENT_HASH_MISMATCH` (403),
 * `SEGMENT_PROFILE_UNKNOWN` (400), the payment gate's codes, `SEGMENT_TRANSCODE_FAILED` (500).
 * @example
 * await app.register(segmentPlugin, { transcode: (d, p) => registry.transcode(d, p) })
 */
export async function segmentPlugin(app: FastifyInstance, opts: SegmentPluginOptions): Promise<void> {
  const max = opts.maxSegmentBytes ?? DEFAULT_MAX_SEGMENT_BYTES
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: max }, (_req, body, done) => done(null, body))
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
        const len = Number(header(req, 'content-length') ?? 0)
        if (len > max) throw new SegmentTooLargeError(max)
      },
    },
    async (req: FastifyRequest, reply: FastifyReply) => {
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
      // As go-livepeer: the segment must be signed by the payment's sender (checked before paying).
      if (opts.payments && paymentHeader) {
        let claimed: string | undefined
        try {
          claimed = paymentFromHeader(paymentHeader).sender
        } catch {
          claimed = undefined // the gate reports the decode error with its own code
        }
        if (claimed && claimed.toLowerCase() !== signer.toLowerCase())
          throw new SegmentSigInvalidError(`segment signed by ${signer}, payment sender is ${claimed}`)
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      if (body.length === 0) throw new SegmentHashMismatchError()
      if (keccak256(body) !== seg.hash.toLowerCase()) throw new SegmentHashMismatchError()
      const profiles = profilesFromIds(hexToBytes(seg.profiles))
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
