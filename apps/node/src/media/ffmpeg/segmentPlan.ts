/**
 * Reads an MPEG-TS segment into what a long-lived transcoder needs to take it (a
 * {@link SegmentPlan}), or says why it cannot: only H.264 segments that start with an IDR frame
 * carrying its SPS and PPS, with one frame per output frame slot (timestamps within a tenth of a
 * frame of a regular grid at the output rate), are fed to one ffmpeg one after another, because
 * only then does that ffmpeg return exactly one output frame per input frame, and each segment's
 * output starts with a keyframe as a process per segment would give.
 */
import { NAL_IDR, NAL_PPS, NAL_SPS, nalType, splitAnnexB } from '../flvH264.ts'
import { H264_STREAM_TYPE } from '../mpegtsPackets.ts'
import { type MpegtsVideoFrame, readMpegtsVideoFrames } from '../mpegtsVideoFrames.ts'

/** 90 kHz ticks per second (MPEG-TS timestamps). */
export const TS_CLOCK = 90_000
/**
 * How far (in frames) a timestamp may sit off the output frame grid. ffmpeg's constant-rate
 * output keeps one frame per input frame while each sits within 0.1 of a frame of its slot; the
 * rest of that margin is left to the millisecond rounding of the FLV the transcoder feeds it.
 */
export const GRID_TOLERANCE = 0.05

/** A segment a long-lived transcoder can take. */
export type SegmentPlan = {
  /** Frames in decode order, with their NAL units. */
  frames: Array<MpegtsVideoFrame & { nals: Uint8Array[]; idr: boolean }>
  sps: Uint8Array
  pps: Uint8Array
  /** PTS in presentation order, 90 kHz. */
  ptsSorted: number[]
  /** Output frame duration, 90 kHz ticks. */
  frameTicks: number
  /**
   * Frames the decoder may hold back for reordering: the most frames any frame is decoded ahead
   * of its display position (0 without B-frames).
   */
  reorderDepth: number
}

const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])

/**
 * The plan for `input` at `fps` output frames per second, or the reason it does not fit.
 *
 * @example
 * const plan = planSegment(ts, 30)
 * if (typeof plan === 'string') fallBack(plan)
 */
export function planSegment(input: Uint8Array, fps: number): SegmentPlan | string {
  if (!(fps > 0)) return 'no output frame rate'
  const video = readMpegtsVideoFrames(input)
  if (!video) return 'no video stream'
  if (video.streamType !== H264_STREAM_TYPE) return 'not H.264'
  if (video.frames.length === 0) return 'no frames'
  const frames = video.frames.map((f) => {
    const nals = splitAnnexB(f.data)
    return { ...f, nals, idr: nals.some((n) => nalType(n) === NAL_IDR) }
  })
  const first = frames[0]!
  const sps = first.nals.find((n) => nalType(n) === NAL_SPS)
  const pps = first.nals.find((n) => nalType(n) === NAL_PPS)
  if (!first.idr || !sps || !pps || sps.length < 4)
    return 'does not start with an IDR frame and its SPS and PPS'
  const frameTicks = TS_CLOCK / fps
  const byPts = frames.map((f, i) => ({ pts: f.pts, i })).sort((a, b) => a.pts - b.pts)
  const firstPts = byPts[0]!.pts
  const ptsSorted = byPts.map((x) => x.pts)
  if (!onGrid(ptsSorted, firstPts, 0, frameTicks)) return `timestamps off the ${fps} fps grid`
  const reorderDepth = Math.max(...byPts.map(({ i }, rank) => i - rank))
  for (let i = 1; i < frames.length; i++)
    if (frames[i]!.dts <= frames[i - 1]!.dts) return 'decode timestamps not increasing'
  if (frames.some((f) => f.dts > f.pts)) return 'decode timestamp after presentation'
  return {
    frames,
    sps,
    pps,
    ptsSorted,
    frameTicks,
    reorderDepth,
  }
}

/**
 * True when every PTS (in presentation order) sits within {@link GRID_TOLERANCE} of a frame of
 * its slot: slot `firstSlot + rank` of the grid `anchor + n × frameTicks`.
 */
export function onGrid(
  ptsSorted: readonly number[],
  anchor: number,
  firstSlot: number,
  frameTicks: number,
): boolean {
  return ptsSorted.every(
    (pts, rank) => Math.abs(pts - (anchor + (firstSlot + rank) * frameTicks)) <= GRID_TOLERANCE * frameTicks,
  )
}

/** True when two segments carry the same SPS and PPS (one decoder configuration serves both). */
export function sameParameterSets(a: SegmentPlan, b: SegmentPlan): boolean {
  return equal(a.sps, b.sps) && equal(a.pps, b.pps)
}
