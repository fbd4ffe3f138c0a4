/**
 * ffmpeg's segment muxer as the ingest segmenters use it: the output arguments (MPEG-TS segments
 * of about `segmentSeconds`, timestamps kept, the segment list as CSV on stdout) and the reader of
 * that list, which reads each finished segment file in order, deletes it and hands it on.
 */
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'

/** One finished segment. */
export type ListedSegment = { seq: number; data: Uint8Array; durationMs: number }

/**
 * Output arguments: `-f segment` to files named by `pattern` (e.g. `/tmp/x/seg_%06d.ts`), the list
 * on stdout.
 *
 * @example
 * spawn('ffmpeg', [...inputArgs, ...segmentOutputArgs(2, join(dir, 'seg_%06d.ts'))])
 */
export function segmentOutputArgs(segmentSeconds: number, pattern: string): string[] {
  return [
    '-f',
    'segment',
    '-segment_time',
    String(segmentSeconds),
    '-segment_format',
    'mpegts',
    '-reset_timestamps',
    '0',
    '-segment_list',
    'pipe:1',
    '-segment_list_type',
    'csv',
    pattern,
  ]
}

/** What {@link readSegmentList} returns. */
export type SegmentListReader = {
  /** Segments listed so far. */
  count(): number
  /** Resolves when every listed segment has been handed on (or failed). */
  settled(): Promise<void>
}

/**
 * Reads the CSV segment list on `stdout` (files relative to `dir`); calls `onSegment` in list
 * order with seq 0, 1, …, after reading and deleting each file; a failed read goes to `onError`.
 *
 * @example
 * const list = readSegmentList(child.stdout!, dir, (s) => gw.enqueue(s), () => {})
 */
export function readSegmentList(
  stdout: Readable,
  dir: string,
  onSegment: (seg: ListedSegment) => void,
  onError: (err: Error) => void,
): SegmentListReader {
  let seq = 0
  let last: Promise<void> = Promise.resolve()
  createInterface({ input: stdout }).on('line', (line) => {
    const [file, start, end] = line.split(',')
    if (!file) return
    const path = join(dir, file)
    const n = seq++
    const durationMs = Math.round((Number(end) - Number(start)) * 1000)
    // Read one after another, so that segments are emitted in order.
    last = last
      .then(() => readFile(path))
      .then(async (data) => {
        await rm(path, { force: true })
        onSegment({ seq: n, data, durationMs })
      })
      .catch((err: Error) => onError(err))
  })
  return { count: () => seq, settled: () => last }
}
