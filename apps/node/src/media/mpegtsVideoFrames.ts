/**
 * Demuxes the first video stream of an MPEG-TS buffer into its frames (one PES packet each, as
 * muxers write video): the elementary stream bytes with their PTS and DTS. The segment
 * transcoder reads its input this way to feed a long-lived ffmpeg one segment after another.
 */
import { forEachVideoPayload, readPesHeader } from './mpegtsPackets.ts'

/** One video frame of a TS stream. */
export type MpegtsVideoFrame = {
  /** Presentation time, 90 kHz ticks. */
  pts: number
  /** Decode time, 90 kHz ticks (the PTS when the PES has none). */
  dts: number
  /** Elementary stream bytes (Annex B for H.264). */
  data: Uint8Array
}

/** What {@link readMpegtsVideoFrames} returns. */
export type MpegtsVideo = {
  /** PMT stream type (0x1b: H.264). */
  streamType: number
  /** Frames in decode order; a PES without a PTS is left out. */
  frames: MpegtsVideoFrame[]
}

/**
 * The frames of `ts`'s first video stream; undefined when it has no PAT, PMT or video stream.
 *
 * @example
 * const v = readMpegtsVideoFrames(segment) // { streamType: 0x1b, frames: [{ pts: 126000, dts: 126000, data }, …] }
 */
export function readMpegtsVideoFrames(ts: Uint8Array): MpegtsVideo | undefined {
  const frames: MpegtsVideoFrame[] = []
  let chunks: Uint8Array[] = []
  const finish = (): void => {
    if (chunks.length === 0) return
    const pes = Buffer.concat(chunks)
    chunks = []
    const h = readPesHeader(pes)
    if (h?.pts === undefined || h.dts === undefined) return
    const end = h.length ? Math.min(pes.length, 6 + h.length) : pes.length
    frames.push({ pts: h.pts, dts: h.dts, data: pes.subarray(h.payloadOffset, end) })
  }
  const video = forEachVideoPayload(ts, (payload, startsPes) => {
    if (startsPes) finish()
    if (startsPes || chunks.length > 0) chunks.push(payload)
  })
  finish()
  return video ? { streamType: video.type, frames } : undefined
}
