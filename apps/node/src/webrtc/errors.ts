/** Errors of the WebRTC seam (SDP checks and negotiation). */
import { BaseError } from '@prism/protocol'

/** The SDP offer cannot be parsed or lacks what WHIP needs. Code `SDP_MALFORMED`, HTTP 400. */
export class SdpMalformedError extends BaseError {
  override name = 'SdpMalformedError'
  constructor(details: string) {
    super('SDP_MALFORMED', `malformed SDP offer: ${details}`, { httpStatus: 400 })
  }
}

/** The offer has no H.264 or VP8 video codec. Code `SDP_CODEC_UNSUPPORTED`, HTTP 400. */
export class SdpCodecUnsupportedError extends BaseError {
  override name = 'SdpCodecUnsupportedError'
  constructor() {
    super('SDP_CODEC_UNSUPPORTED', 'the offer has no supported video codec (H264 or VP8)', {
      httpStatus: 400,
    })
  }
}

/**
 * An `a=fingerprint` line is malformed (not `<hash> XX:XX:…` with the hash's byte length), names an
 * unknown hash, or the offer has no fingerprint with a supported hash (sha-256, sha-384, sha-512).
 * Code `SDP_FINGERPRINT_INVALID`, HTTP 400.
 */
export class SdpFingerprintInvalidError extends BaseError {
  override name = 'SdpFingerprintInvalidError'
  constructor(details: string) {
    super('SDP_FINGERPRINT_INVALID', `invalid DTLS fingerprint: ${details}`, { httpStatus: 400 })
  }
}

/** werift failed to negotiate (bad offer content, DTLS/ICE setup). Code `WEBRTC_NEGOTIATION_FAILED`, HTTP 400. */
export class WebrtcNegotiationError extends BaseError {
  override name = 'WebrtcNegotiationError'
  constructor(cause: unknown) {
    super('WEBRTC_NEGOTIATION_FAILED', 'WebRTC negotiation failed', { httpStatus: 400, cause })
  }
}
