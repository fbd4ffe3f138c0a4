/**
 * The go-livepeer header checks shared by `POST /live-video-to-video` and `POST /payment`
 * (docs/livepeer-compat.md): `Livepeer-Payment` decodes (else 402 with the error text), then
 * `Livepeer-Segment` is decoded and verified — signature by Payment.sender (not off chain),
 * capabilities ⊆ this node's, the auth token present, genuine and unexpired (else 403 with the
 * error text). The pieces are the ones `POST /segment` uses; only their composition is here.
 */
import {
  CapabilitiesIncompatibleError,
  incompatibility,
  isBaseError,
  type net,
  type Payment,
  segDataFromHeader,
  verifySegData,
} from '@prism/protocol'
import type { Address } from 'viem'
import type { AuthTokens } from '../http/grpc/authTokens.ts'
import { decodeWirePayment } from '../payment/decodeWirePayment.ts'

/** What the checks need from the node. */
export type LiveHeaderContext = {
  tokens: AuthTokens
  /** The node's capabilities now. */
  capabilities: () => net.Capabilities
  /** Off chain: the SegData signature is not checked. */
  offchain: boolean
}

/** The checked headers. */
export type LiveHeaders = {
  payment: Payment
  /** Payment.sender, the zero address when absent. */
  sender: Address
  seg: net.SegData
  token: net.AuthToken
}

const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000'

/**
 * Checks the two headers in go-livepeer's order.
 *
 * @throws PAYMENT_DECODE_FAILED (402); WIRE_SEGMENT_ENCODING, WIRE_DECODE_FAILED,
 * WIRE_SEGMENT_SIG_INVALID, WIRE_CAPABILITIES_INCOMPATIBLE, WIRE_AUTH_TOKEN_MISSING / INVALID /
 * EXPIRED (403).
 * @example const h = checkLiveHeaders(req.headers, { tokens, capabilities, offchain: false })
 */
export function checkLiveHeaders(
  headers: Record<string, string | string[] | undefined>,
  ctx: LiveHeaderContext,
): LiveHeaders {
  const first = (name: string) => {
    const v = headers[name]
    return (Array.isArray(v) ? v[0] : v) ?? ''
  }
  const payment = decodeWirePayment(first('livepeer-payment'))
  const sender = payment.sender === '0x' ? ZERO_ADDRESS : (payment.sender as Address)
  const seg = segDataFromHeader(first('livepeer-segment'))
  verifySegData(seg, sender, { offchain: ctx.offchain })
  const why = incompatibility(seg.capabilities, ctx.capabilities())
  if (why) throw new CapabilitiesIncompatibleError(why)
  const token = ctx.tokens.verify(seg.authToken)
  return { payment, sender, seg, token }
}

/**
 * Status and text of a refusal as go-livepeer writes it: 402 for the payment header, 403 for the
 * segment header, 400 for the payment's own errors, 500 otherwise.
 */
export function liveRefusal(err: unknown): { status: number; text: string } {
  if (!isBaseError(err)) return { status: 500, text: 'Internal Server Error' }
  if (err.code === 'PAYMENT_DECODE_FAILED' || err.code === 'PAYMENT_TOO_MANY_TICKETS')
    return { status: 402, text: [err.shortMessage, err.details].filter(Boolean).join(': ') }
  if (err.code.startsWith('WIRE_')) return { status: 403, text: err.shortMessage }
  if (err.code === 'SEGMENT_BALANCE_INSUFFICIENT') return { status: 400, text: 'Insufficient balance' }
  return { status: 400, text: [err.shortMessage, err.details].filter(Boolean).join(' ') }
}
