/**
 * Reads an MPEG-TS segment's first video stream without ffprobe: its packets (PES packets, one
 * per frame as muxers write video) and, for H.264, its picture size from the first SPS. A
 * transcoder needs both for every segment (decoded and encoded pixels); a process per count costs
 * more than the parse.
 */
import { forEachVideoPayload, H264_STREAM_TYPE } from './mpegtsPackets.ts'
import { parseH264Sps } from './rtpVideoInfo.ts'

/** What {@link mpegtsVideoInfo} reads. */
export type MpegtsVideoInfo = {
  /** Video PES packets (frames). */
  frames: number
  /** Picture size from the first H.264 SPS; absent for another codec or no SPS. */
  width?: number
  height?: number
}

/** The first SPS NAL unit of an Annex B byte stream (a PES packet's payload). */
function findSps(es: Uint8Array): Uint8Array | undefined {
  for (let i = 0; i + 3 < es.length; i++) {
    if (es[i] !== 0 || es[i + 1] !== 0 || es[i + 2] !== 1) continue
    const start = i + 3
    if ((es[start]! & 0x1f) !== 7) continue
    let end = start + 1
    while (end + 2 < es.length && !(es[end] === 0 && es[end + 1] === 0 && es[end + 2]! <= 1)) end++
    return es.subarray(start, end + 2 < es.length ? end : es.length)
  }
  return undefined
}

/**
 * Frames (video PES packets) and, for H.264, the picture size of an MPEG-TS buffer's first video
 * stream; undefined when it has no PAT/PMT or no video stream.
 *
 * @example
 * mpegtsVideoInfo(segment) // { frames: 60, width: 640, height: 360 }
 */
export function mpegtsVideoInfo(ts: Uint8Array): MpegtsVideoInfo | undefined {
  let frames = 0
  let first: Uint8Array[] | undefined
  let firstDone = false
  const video = forEachVideoPayload(ts, (payload, startsPes, stream) => {
    if (startsPes) {
      frames++
      if (first) firstDone = true
      else if (stream.type === H264_STREAM_TYPE) first = []
    }
    if (first && !firstDone) first.push(payload)
  })
  if (!video) return undefined
  const info: MpegtsVideoInfo = { frames }
  if (first && first.length > 0) {
    const pes = Buffer.concat(first)
    // PES header: 6 bytes, 2 flag bytes, header data length
    if (pes[0] === 0 && pes[1] === 0 && pes[2] === 1 && pes.length > 9) {
      const sps = findSps(pes.subarray(9 + pes[8]!))
      const size = sps ? parseH264Sps(sps) : undefined
      if (size) {
        info.width = size.width
        info.height = size.height
      }
    }
  }
  return info
}
