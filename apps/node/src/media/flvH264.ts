/**
 * Writes H.264 video as FLV (video only): the file header, the AVC decoder configuration tag and
 * one tag per frame with length-prefixed NAL units. FLV frames each carry their size, so an ffmpeg
 * reading FLV on a pipe decodes a frame as soon as its tag arrives, where MPEG-TS holds a frame
 * back until the next one begins (the segment transcoder feeds a long-lived ffmpeg this way).
 */

/** H.264 NAL unit types the writer looks at. */
export const NAL_IDR = 5
export const NAL_SPS = 7
export const NAL_PPS = 8
export const NAL_AUD = 9

/**
 * The NAL units of an Annex B byte stream (start codes removed).
 * @example splitAnnexB(Uint8Array.of(0, 0, 0, 1, 0x67, 1, 0, 0, 1, 0x68, 2)) // [[0x67, 1], [0x68, 2]]
 */
export function splitAnnexB(es: Uint8Array): Uint8Array[] {
  const nals: Uint8Array[] = []
  let start = -1
  let i = 0
  while (i + 2 < es.length) {
    if (es[i] === 0 && es[i + 1] === 0 && es[i + 2] === 1) {
      if (start >= 0) {
        let end = i
        while (end > start && es[end - 1] === 0) end--
        if (end > start) nals.push(es.subarray(start, end))
      }
      i += 3
      start = i
    } else i++
  }
  if (start >= 0 && start < es.length) nals.push(es.subarray(start))
  return nals
}

/** The type of a NAL unit (its first byte's low 5 bits). */
export const nalType = (nal: Uint8Array): number => nal[0]! & 0x1f

/** The FLV file header for a video-only file, with the first PreviousTagSize (0). */
export function flvHeader(): Buffer {
  return Buffer.from([0x46, 0x4c, 0x56, 1, 0x01, 0, 0, 0, 9, 0, 0, 0, 0])
}

/**
 * One FLV tag (type 9: video) of `bodySize` bytes with its trailing PreviousTagSize, the body
 * written in place by `fill` (at offset 11).
 */
function videoTag(bodySize: number, timestampMs: number, fill: (tag: Buffer) => void): Buffer {
  const tag = Buffer.allocUnsafe(11 + bodySize + 4)
  tag[0] = 9
  tag.writeUIntBE(bodySize, 1, 3)
  const ts = Math.max(0, Math.round(timestampMs)) >>> 0
  tag.writeUIntBE(ts & 0xffffff, 4, 3)
  tag[7] = ts >>> 24
  tag.writeUIntBE(0, 8, 3)
  fill(tag)
  tag.writeUInt32BE(11 + bodySize, 11 + bodySize)
  return tag
}

/**
 * The AVC sequence header tag: an AVCDecoderConfigurationRecord with one SPS and one PPS and
 * 4-byte NAL lengths (ISO/IEC 14496-15 §5.3.3.1).
 */
export function flvAvcConfigTag(sps: Uint8Array, pps: Uint8Array, timestampMs: number): Buffer {
  return videoTag(5 + 6 + 2 + sps.length + 1 + 2 + pps.length, timestampMs, (tag) => {
    let o = 11
    tag.set([0x17, 0, 0, 0, 0, 1, sps[1]!, sps[2]!, sps[3]!, 0xff, 0xe1], o)
    o += 11
    tag.writeUInt16BE(sps.length, o)
    tag.set(sps, o + 2)
    o += 2 + sps.length
    tag[o++] = 1
    tag.writeUInt16BE(pps.length, o)
    tag.set(pps, o + 2)
  })
}

/**
 * One frame as an AVC NALU tag: decode time as the tag's timestamp and the composition offset
 * (presentation minus decode time, in ms) in the tag body; NAL units 4-byte length-prefixed.
 */
export function flvAvcFrameTag(
  nals: readonly Uint8Array[],
  dtsMs: number,
  ptsMs: number,
  key: boolean,
): Buffer {
  const size = nals.reduce((n, nal) => n + 4 + nal.length, 0)
  return videoTag(5 + size, dtsMs, (tag) => {
    tag[11] = key ? 0x17 : 0x27
    tag[12] = 1
    tag.writeIntBE(Math.round(ptsMs) - Math.round(dtsMs), 13, 3)
    let o = 16
    for (const nal of nals) {
      tag.writeUInt32BE(nal.length, o)
      tag.set(nal, o + 4)
      o += 4 + nal.length
    }
  })
}
