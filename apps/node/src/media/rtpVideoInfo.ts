/**
 * Reads what the node needs from RTP video without decoding: frame boundaries (marker bit) and
 * picture size from keyframes (VP8 keyframe header, H.264 SPS), so RTP that is forwarded unchanged
 * can still be counted in frames and pixels.
 */

/** Parsed fixed RTP header fields. */
export type RtpHeaderInfo = {
  marker: boolean
  payloadType: number
  sequenceNumber: number
  timestamp: number
  ssrc: number
  payloadOffset: number
}

/** Parses the fixed header, CSRCs and extension of an RTP packet; undefined when too short. */
export function parseRtpHeader(p: Uint8Array): RtpHeaderInfo | undefined {
  if (p.length < 12 || p[0]! >> 6 !== 2) return undefined
  const cc = p[0]! & 0x0f
  let off = 12 + cc * 4
  if (p[0]! & 0x10) {
    if (p.length < off + 4) return undefined
    const len = (p[off + 2]! << 8) | p[off + 3]!
    off += 4 + len * 4
  }
  if (off > p.length) return undefined
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength)
  return {
    marker: (p[1]! & 0x80) !== 0,
    payloadType: p[1]! & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    payloadOffset: off,
  }
}

class BitReader {
  #pos = 0
  constructor(private readonly b: Uint8Array) {}
  bit(): number {
    const byte = this.b[this.#pos >> 3]
    if (byte === undefined) throw new Error('end of data')
    const v = (byte >> (7 - (this.#pos & 7))) & 1
    this.#pos++
    return v
  }
  bits(n: number): number {
    let v = 0
    for (let i = 0; i < n; i++) v = v * 2 + this.bit()
    return v
  }
  ue(): number {
    let zeros = 0
    while (this.bit() === 0) if (++zeros > 31) throw new Error('bad exp-golomb')
    return 2 ** zeros - 1 + this.bits(zeros)
  }
  se(): number {
    const k = this.ue()
    return k % 2 ? (k + 1) / 2 : -k / 2
  }
}

function unescapeRbsp(nal: Uint8Array): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < nal.length; i++) {
    if (i >= 2 && nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) continue
    out.push(nal[i]!)
  }
  return Uint8Array.from(out)
}

/**
 * Width and height from an H.264 SPS NAL unit (with its 1-byte header), cropping applied.
 *
 * @example
 * parseH264Sps(spsNal) // { width: 640, height: 360 }
 */
export function parseH264Sps(nal: Uint8Array): { width: number; height: number } | undefined {
  try {
    const r = new BitReader(unescapeRbsp(nal.subarray(1)))
    const profile = r.bits(8)
    r.bits(16) // constraint flags + level
    r.ue() // sps id
    let chromaFormat = 1
    if ([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].includes(profile)) {
      chromaFormat = r.ue()
      if (chromaFormat === 3) r.bit()
      r.ue()
      r.ue()
      r.bit()
      if (r.bit()) {
        for (let i = 0; i < (chromaFormat !== 3 ? 8 : 12); i++) {
          if (r.bit()) {
            let last = 8
            let next = 8
            for (let j = 0; j < (i < 6 ? 16 : 64); j++) {
              if (next !== 0) next = (last + r.se() + 256) % 256
              last = next === 0 ? last : next
            }
          }
        }
      }
    }
    r.ue() // log2_max_frame_num
    const pocType = r.ue()
    if (pocType === 0) r.ue()
    else if (pocType === 1) {
      r.bit()
      r.se()
      r.se()
      const n = r.ue()
      for (let i = 0; i < n; i++) r.se()
    }
    r.ue() // max_num_ref_frames
    r.bit()
    const wMbs = r.ue() + 1
    const hUnits = r.ue() + 1
    const frameMbsOnly = r.bit()
    if (!frameMbsOnly) r.bit()
    r.bit()
    let [cl, cr, ct, cb] = [0, 0, 0, 0]
    if (r.bit()) [cl, cr, ct, cb] = [r.ue(), r.ue(), r.ue(), r.ue()]
    const subW = chromaFormat === 1 || chromaFormat === 2 ? 2 : 1
    const subH = chromaFormat === 1 ? 2 : 1
    const cropX = chromaFormat === 0 ? 1 : subW
    const cropY = (chromaFormat === 0 ? 1 : subH) * (2 - frameMbsOnly)
    return {
      width: wMbs * 16 - cropX * (cl + cr),
      height: (2 - frameMbsOnly) * hUnits * 16 - cropY * (ct + cb),
    }
  } catch {
    return undefined
  }
}

/**
 * Picture size carried by an RTP payload when it starts a keyframe (VP8) or carries an SPS (H.264).
 *
 * @example
 * sizeFromRtpPayload('VP8', payload) // { width: 640, height: 480 } on keyframes
 */
export function sizeFromRtpPayload(
  codec: 'H264' | 'VP8',
  payload: Uint8Array,
): { width: number; height: number } | undefined {
  if (payload.length < 2) return undefined
  if (codec === 'VP8') {
    // RFC 7741 payload descriptor
    let off = 1
    const x = payload[0]! & 0x80
    const s = payload[0]! & 0x10
    const pid = payload[0]! & 0x07
    if (x) {
      const ext = payload[1]!
      off = 2
      if (ext & 0x80) off += payload[off]! & 0x80 ? 2 : 1
      if (ext & 0x40) off += 1
      if (ext & 0x30) off += 1
    }
    if (!s || pid !== 0 || payload.length < off + 10) return undefined
    const p = payload.subarray(off)
    if (p[0]! & 0x01) return undefined // inter frame
    if (p[3] !== 0x9d || p[4] !== 0x01 || p[5] !== 0x2a) return undefined
    return { width: (p[6]! | (p[7]! << 8)) & 0x3fff, height: (p[8]! | (p[9]! << 8)) & 0x3fff }
  }
  const type = payload[0]! & 0x1f
  if (type === 7) return parseH264Sps(payload)
  if (type === 24) {
    let off = 1
    while (off + 2 < payload.length) {
      const len = (payload[off]! << 8) | payload[off + 1]!
      const nal = payload.subarray(off + 2, off + 2 + len)
      if (nal.length > 0 && (nal[0]! & 0x1f) === 7) return parseH264Sps(nal)
      off += 2 + len
    }
  }
  return undefined
}
