/**
 * Segmenter for WebRTC ingest: ffmpeg reads the RTP that werift forwards to a loopback UDP port
 * (SDP file), re-encodes it to H.264 (the browser may send VP8, and MPEG-TS needs H.264 with
 * in-band parameter sets) with a keyframe every second, and cuts MPEG-TS segments of about
 * `segmentSeconds`; each finished segment is read, deleted and handed to `onSegment`. With an
 * `opusPort`, the sender's Opus audio (forwarded to that port) goes into the segments as AAC, the
 * audio codec HLS players expect.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { h264EncodeArgs, rtpInputArgs, rtpInputSdp } from './args.ts'
import { FfmpegProcess } from './FfmpegProcess.ts'
import { readSegmentList, segmentOutputArgs } from './segmentList.ts'

/** Options of {@link startRtpSegmenter}. */
export type RtpSegmenterOptions = {
  name: string
  codec: 'H264' | 'VP8'
  /** UDP port ffmpeg listens on (RTP; port + 1 is RTCP). */
  port: number
  /** UDP port of the Opus audio RTP (port + 1 is RTCP). Default: no audio. */
  opusPort?: number
  /** Target segment length. Default: 2 s. */
  segmentSeconds?: number
  /** Bitrate of the re-encoded source in kbit/s. Default: 4000 (the 720p30 profile's). */
  bitrateKbps?: number
  onSegment: (seg: { seq: number; data: Uint8Array; durationMs: number }) => void
}

/** A running RTP segmenter. */
export type RtpSegmenter = { process: FfmpegProcess; close(): Promise<void> }

/**
 * Starts ffmpeg on `port`.
 *
 * @example
 * const s = await startRtpSegmenter({ name: 'cam', codec: 'H264', port, onSegment: (x) => gw.enqueue(…) })
 */
export async function startRtpSegmenter(opts: RtpSegmenterOptions): Promise<RtpSegmenter> {
  const dir = await mkdtemp(join(tmpdir(), 'prism-whip-'))
  const sdp = join(dir, 'in.sdp')
  await writeFile(sdp, rtpInputSdp(opts.codec, opts.port, opts.opusPort))
  const proc = new FfmpegProcess({
    name: `${opts.name}/segment`,
    stdout: true,
    args: [
      ...rtpInputArgs(sdp),
      '-map',
      '0:v:0',
      ...(opts.opusPort === undefined ? [] : ['-map', '0:a:0', '-c:a', 'aac', '-b:a', '128k']),
      // The node's libx264 settings (a keyframe every second of media time included).
      ...h264EncodeArgs('libx264', opts.bitrateKbps ?? 4000, 60),
      ...segmentOutputArgs(opts.segmentSeconds ?? 2, join(dir, 'seg_%06d.ts')),
    ],
  })
  const list = readSegmentList(proc.child.stdout!, dir, opts.onSegment, () => {})
  return {
    process: proc,
    close: async () => {
      await proc.close()
      await list.settled()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
