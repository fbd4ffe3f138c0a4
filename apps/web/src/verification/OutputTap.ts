import type { I420Frame } from './scaleI420.ts'
import { videoFrameToI420 } from './videoFrameI420.ts'

/** A returned frame with the RTP timestamp it arrived with. */
export type ReturnedFrame = I420Frame & { ts: number }

type TrackProcessor = { readable: ReadableStream<VideoFrame> }
type TrackProcessorCtor = new (init: { track: MediaStreamTrack }) => TrackProcessor

const processorCtor = (): TrackProcessorCtor | undefined =>
  (globalThis as unknown as { MediaStreamTrackProcessor?: TrackProcessorCtor }).MediaStreamTrackProcessor

/** Whether this browser can read returned frames with their RTP timestamps (Chromium). */
export function canTapOutput(): boolean {
  return processorCtor() !== undefined
}

/**
 * Reads the returned video frame by frame (MediaStreamTrackProcessor on a clone of the track, so
 * the page's own playback is untouched) and keeps the frames whose RTP timestamp is wanted.
 *
 * @param track the returned video track.
 * @param wanted whether a frame with this RTP timestamp should be kept (called per frame).
 * @param options `count`: stop after this many kept frames; `ms`: stop after this long.
 * @returns the kept frames (tight I420), how many frames were read in all and how many of them had
 * an RTP timestamp, and those timestamps.
 * @example
 * const { frames } = await captureReturned(track, (ts) => sent.has(ts), { count: 4, ms: 4000 })
 */
export async function captureReturned(
  track: MediaStreamTrack,
  wanted: (ts: number) => boolean,
  options: { count: number; ms: number; closed?: () => boolean },
): Promise<{ frames: ReturnedFrame[]; seen: number; withTimestamp: number; timestamps: number[] }> {
  const Ctor = processorCtor()
  const frames: ReturnedFrame[] = []
  let seen = 0
  let withTimestamp = 0
  const timestamps: number[] = []
  if (!Ctor) return { frames, seen, withTimestamp, timestamps }
  const clone = track.clone()
  const reader = new Ctor({ track: clone }).readable.getReader()
  const deadline = performance.now() + options.ms
  const timer = setTimeout(() => void reader.cancel().catch(() => undefined), options.ms)
  try {
    while (frames.length < options.count && performance.now() < deadline && !options.closed?.()) {
      const { value, done } = await reader.read()
      if (done || !value) break
      seen++
      const ts = (value as VideoFrame & { metadata?: () => { rtpTimestamp?: number } }).metadata?.()
        ?.rtpTimestamp
      if (ts !== undefined) {
        withTimestamp++
        timestamps.push(ts)
      }
      if (ts === undefined || !wanted(ts)) {
        value.close()
        continue
      }
      const yuv = await videoFrameToI420(value).catch(() => undefined)
      value.close()
      if (yuv) frames.push({ ...yuv, ts })
    }
  } finally {
    clearTimeout(timer)
    await reader.cancel().catch(() => undefined)
    clone.stop()
  }
  return { frames, seen, withTimestamp, timestamps }
}
