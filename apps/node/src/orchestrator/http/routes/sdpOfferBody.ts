/**
 * The SDP offer of a WHIP or WHEP POST (RFC 9725): `application/sdp`, not empty, within the
 * node's size limit. Both routes read it the same way before they look at anything else.
 */
import type { FastifyRequest } from 'fastify'
import { ContentTypeError, RequestInvalidError, SdpTooLargeError } from '../errors.ts'

/**
 * The offer's text.
 * @throws HTTP_CONTENT_TYPE_UNSUPPORTED (415) for another type, HTTP_REQUEST_INVALID for an empty body,
 *   SDP_TOO_LARGE above `maxSdpBytes`.
 * @example const sdp = sdpOfferBody(req, opts.maxSdpBytes)
 */
export function sdpOfferBody(req: FastifyRequest, maxSdpBytes: number): string {
  const ct = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase()
  if (ct !== 'application/sdp') throw new ContentTypeError('application/sdp')
  const sdp = req.body
  if (typeof sdp !== 'string' || sdp.length === 0) throw new RequestInvalidError('empty SDP offer')
  if (Buffer.byteLength(sdp) > maxSdpBytes) throw new SdpTooLargeError(maxSdpBytes)
  return sdp
}
