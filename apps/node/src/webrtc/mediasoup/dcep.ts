/**
 * The Data Channel Establishment Protocol (RFC 8832), which mediasoup's SCTP does not speak: a
 * browser (or werift) that opens a data channel in band sends DATA_CHANNEL_OPEN on the channel's
 * stream with SCTP payload protocol id 50 and waits for DATA_CHANNEL_ACK on the same stream. Pure
 * byte work; {@link MediasoupPeer} answers the protocol on top of mediasoup's DataProducers.
 */

/** SCTP payload protocol identifiers of WebRTC data channels (RFC 8831 §8). */
export const PPID = {
  /** DCEP messages. */
  dcep: 50,
  string: 51,
  binary: 53,
  emptyString: 56,
  emptyBinary: 57,
} as const

const MSG_OPEN = 0x03
const MSG_ACK = 0x02

/** What a DATA_CHANNEL_OPEN says. */
export type DcepOpen = {
  /** Channel type byte (0x00 reliable ordered; 0x80 bit = unordered). */
  channelType: number
  /** True when the channel delivers in order. */
  ordered: boolean
  priority: number
  reliabilityParameter: number
  label: string
  protocol: string
}

/**
 * Reads a DATA_CHANNEL_OPEN message, or returns undefined for anything else (an ACK, a short or
 * inconsistent message).
 *
 * @example
 * parseDcepOpen(encodeDcepOpen({ label: 'control' }))?.label // 'control'
 */
export function parseDcepOpen(msg: Uint8Array): DcepOpen | undefined {
  if (msg.length < 12 || msg[0] !== MSG_OPEN) return undefined
  const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength)
  const labelLength = view.getUint16(8)
  const protocolLength = view.getUint16(10)
  if (12 + labelLength + protocolLength !== msg.length) return undefined
  const text = new TextDecoder()
  const channelType = msg[1]!
  return {
    channelType,
    ordered: (channelType & 0x80) === 0,
    priority: view.getUint16(2),
    reliabilityParameter: view.getUint32(4),
    label: text.decode(msg.subarray(12, 12 + labelLength)),
    protocol: text.decode(msg.subarray(12 + labelLength)),
  }
}

/** Writes a DATA_CHANNEL_OPEN (reliable and ordered unless `channelType` says otherwise). */
export function encodeDcepOpen(o: { label: string; protocol?: string; channelType?: number }): Uint8Array {
  const label = new TextEncoder().encode(o.label)
  const protocol = new TextEncoder().encode(o.protocol ?? '')
  const out = new Uint8Array(12 + label.length + protocol.length)
  const view = new DataView(out.buffer)
  out[0] = MSG_OPEN
  out[1] = o.channelType ?? 0
  view.setUint16(8, label.length)
  view.setUint16(10, protocol.length)
  out.set(label, 12)
  out.set(protocol, 12 + label.length)
  return out
}

/** The DATA_CHANNEL_ACK message. */
export const DCEP_ACK: Uint8Array = Uint8Array.of(MSG_ACK)
