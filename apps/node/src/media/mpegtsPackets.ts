/**
 * MPEG-TS packet reading shared by the node's TS parsers: a packet's payload, PSI sections (PAT,
 * PMT), the PMT's first video stream and a PES header's timestamps (ISO/IEC 13818-1 §2.4).
 */

/** Bytes of one TS packet. */
export const TS_PACKET = 188
/** PMT stream types of video codecs (MPEG-1/2/4 part 2, H.264, HEVC, VVC, AVS). */
export const VIDEO_STREAM_TYPES: ReadonlySet<number> = new Set([0x01, 0x02, 0x10, 0x1b, 0x24, 0x33, 0x42])
/** PMT stream type of H.264. */
export const H264_STREAM_TYPE = 0x1b

/** The 13-bit PID of the packet at `off`. */
export const packetPid = (ts: Uint8Array, off: number): number => ((ts[off + 1]! & 0x1f) << 8) | ts[off + 2]!

/** True when the packet at `off` starts a PES packet or PSI section (payload_unit_start_indicator). */
export const startsUnit = (ts: Uint8Array, off: number): boolean => (ts[off + 1]! & 0x40) !== 0

/** Offset of the payload of the TS packet at `off` (after its adaptation field); -1 for none. */
export function payloadStart(ts: Uint8Array, off: number): number {
  const afc = (ts[off + 3]! >> 4) & 3
  if (!(afc & 1)) return -1
  const start = off + 4 + (afc & 2 ? 1 + ts[off + 4]! : 0)
  return start < off + TS_PACKET ? start : -1
}

/** A PSI section's bytes (pointer field skipped), from a packet payload that starts it. */
export function psiSection(payload: Uint8Array): Uint8Array | undefined {
  const s = payload.subarray(1 + payload[0]!)
  if (s.length < 3) return undefined
  const len = ((s[1]! & 0x0f) << 8) | s[2]!
  return s.subarray(0, Math.min(s.length, 3 + len))
}

/** PMT PID of the first program in a PAT section. */
export function patPmtPid(pat: Uint8Array): number | undefined {
  for (let i = 8; i + 4 <= pat.length - 4; i += 4) {
    const program = (pat[i]! << 8) | pat[i + 1]!
    if (program !== 0) return ((pat[i + 2]! & 0x1f) << 8) | pat[i + 3]!
  }
  return undefined
}

/** PID and stream type of the first video stream in a PMT section. */
export function pmtVideoStream(pmt: Uint8Array): { pid: number; type: number } | undefined {
  const infoLen = ((pmt[10]! & 0x0f) << 8) | pmt[11]!
  for (let i = 12 + infoLen; i + 5 <= pmt.length - 4; ) {
    const type = pmt[i]!
    const pid = ((pmt[i + 1]! & 0x1f) << 8) | pmt[i + 2]!
    if (VIDEO_STREAM_TYPES.has(type)) return { pid, type }
    i += 5 + (((pmt[i + 3]! & 0x0f) << 8) | pmt[i + 4]!)
  }
  return undefined
}

/** A 33-bit PES timestamp from its 5 bytes at `off`. */
function timestamp(b: Uint8Array, off: number): number {
  return (
    ((b[off]! >> 1) & 0x07) * 2 ** 30 +
    ((b[off + 1]! << 22) | ((b[off + 2]! >> 1) << 15) | (b[off + 3]! << 7) | (b[off + 4]! >> 1))
  )
}

/** What {@link readPesHeader} reads: timestamps in 90 kHz ticks and where the payload starts. */
export type PesHeader = { pts?: number; dts?: number; payloadOffset: number; length: number }

/**
 * The header of a PES packet (the start of the payload of the TS packet that begins it):
 * PTS, DTS (equal to the PTS when absent), the declared packet length (0 = unbounded, as video
 * usually is) and the offset of the elementary stream bytes; undefined when it is not a PES start.
 *
 * @example readPesHeader(payload) // { pts: 126000, dts: 126000, payloadOffset: 19, length: 0 }
 */
export function readPesHeader(pes: Uint8Array): PesHeader | undefined {
  if (pes.length < 9 || pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1) return undefined
  const length = (pes[4]! << 8) | pes[5]!
  const flags = pes[7]! >> 6
  const header: PesHeader = { payloadOffset: 9 + pes[8]!, length }
  if (flags & 2 && pes.length >= 14) header.pts = timestamp(pes, 9)
  if (flags === 3 && pes.length >= 19) header.dts = timestamp(pes, 14)
  else if (header.pts !== undefined) header.dts = header.pts
  return header
}

/** The first video stream of a TS buffer, as {@link forEachVideoPayload} found it. */
export type TsVideoStream = { pid: number; type: number }

/**
 * Walks `ts` packet by packet (finding the sync byte again after garbage), reads the first
 * program's PMT from the PAT and the first video stream from the PMT, and calls `onPayload` with
 * the payload of each packet of that stream and whether it starts a PES packet. Returns the
 * video stream, or undefined when there is none.
 *
 * @example
 * let frames = 0
 * const video = forEachVideoPayload(ts, (_payload, starts) => { if (starts) frames++ })
 */
export function forEachVideoPayload(
  ts: Uint8Array,
  onPayload: (payload: Uint8Array, startsPes: boolean, video: TsVideoStream) => void,
): TsVideoStream | undefined {
  let pmt: number | undefined
  let video: TsVideoStream | undefined
  for (let off = 0; off + TS_PACKET <= ts.length; off += TS_PACKET) {
    if (ts[off] !== 0x47) {
      // lost sync: find the next sync byte and go on from there
      const next = ts.indexOf(0x47, off + 1)
      if (next < 0) break
      off = next - TS_PACKET
      continue
    }
    const pid = packetPid(ts, off)
    const start = payloadStart(ts, off)
    if (start < 0) continue
    const unit = startsUnit(ts, off)
    if (pid === 0 && unit && pmt === undefined) {
      const s = psiSection(ts.subarray(start, off + TS_PACKET))
      if (s && s[0] === 0x00) pmt = patPmtPid(s)
    } else if (pid === pmt && unit && !video) {
      const s = psiSection(ts.subarray(start, off + TS_PACKET))
      if (s && s[0] === 0x02) video = pmtVideoStream(s)
    } else if (video && pid === video.pid) onPayload(ts.subarray(start, off + TS_PACKET), unit, video)
  }
  return video
}
