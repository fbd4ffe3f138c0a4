/**
 * Cuts a growing MPEG-TS byte stream (one ffmpeg output on a pipe) into runs of whole video
 * frames, so that one long-lived encoder's output can be handed out segment by segment. A frame
 * is whole when its PES packet has all the bytes its header declares; the muxer must write video
 * PES lengths (`-omit_video_pes_length 0`), since a frame of unbounded length only ends where
 * the next one begins. Every run has the stream's PAT and PMT before its first frame (put in
 * front when the muxer wrote none there), so it plays on its own.
 */
import {
  packetPid,
  patPmtPid,
  payloadStart,
  pmtVideoStream,
  psiSection,
  readPesHeader,
  startsUnit,
  TS_PACKET,
} from './mpegtsPackets.ts'

/** Why a stream cannot be cut. */
export type MpegtsSplitProblem = 'unbounded-frame' | 'no-video'

/**
 * Splits one TS output into frames as bytes arrive.
 *
 * @example
 * const split = new MpegtsFrameSplitter()
 * ffmpegOut.on('data', (d) => split.push(d))
 * if (split.wholeFrames >= 60) segmentBytes = split.take(60)
 */
export class MpegtsFrameSplitter {
  /** Bytes not handed out yet (the first `length`), from the start of the first frame not taken. */
  private buf: Buffer = Buffer.alloc(0)
  private length = 0
  /** Bytes of `buf` already parsed (whole packets). */
  private parsed = 0
  private pmtPid: number | undefined
  private videoPid: number | undefined
  private pat: Buffer | undefined
  private pmt: Buffer | undefined
  /** Offsets in `buf` where each started frame begins (with the tables written just before it). */
  private starts: number[] = []
  /** PTS (90 kHz) of each started frame; NaN for a PES without one. */
  private pts: number[] = []
  /** Offset where the next frame will begin: after the last video packet. */
  private nextStart = 0
  /** PES bytes still missing from the last started frame; 0 when it is whole. */
  private missing = 0
  /** Set when the stream cannot be cut. */
  problem: MpegtsSplitProblem | undefined

  /** Frames whose bytes have all arrived and not been taken yet. */
  get wholeFrames(): number {
    return this.missing > 0 ? this.starts.length - 1 : this.starts.length
  }

  /** Adds output bytes. */
  push(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.buf.length) {
      // grow by doubling: a frame's bytes arrive in many small writes
      const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + chunk.length, 64 * 1024))
      this.buf.copy(grown, 0, 0, this.length)
      this.buf = grown
    }
    this.buf.set(chunk, this.length)
    this.length += chunk.length
    for (; this.parsed + TS_PACKET <= this.length; this.parsed += TS_PACKET) this.packet(this.parsed)
  }

  private packet(off: number): void {
    const ts = this.buf
    if (ts[off] !== 0x47) {
      this.problem ??= 'no-video'
      return
    }
    const pid = packetPid(ts, off)
    const start = payloadStart(ts, off)
    const end = off + TS_PACKET
    if (pid === this.videoPid) {
      if (startsUnit(ts, off)) {
        if (this.missing > 0) this.problem ??= 'unbounded-frame'
        this.starts.push(this.nextStart)
        const h = start < 0 ? undefined : readPesHeader(ts.subarray(start, end))
        this.pts.push(h?.pts ?? Number.NaN)
        if (!h || h.length === 0) {
          // a frame of unbounded length ends only where the next begins: cannot be cut in time
          this.problem ??= 'unbounded-frame'
          this.missing = Number.POSITIVE_INFINITY
        } else this.missing = 6 + h.length - (end - start)
      } else if (start >= 0) this.missing -= end - start
      if (this.missing < 0) this.missing = 0
      this.nextStart = end
      return
    }
    if (start < 0 || !startsUnit(ts, off)) return
    if (pid === 0 && !this.pat) {
      const s = psiSection(ts.subarray(start, end))
      if (s?.[0] === 0x00) {
        this.pmtPid = patPmtPid(s)
        this.pat = Buffer.from(ts.subarray(off, end))
      }
    } else if (pid === this.pmtPid && !this.pmt) {
      const s = psiSection(ts.subarray(start, end))
      if (s?.[0] === 0x02) {
        this.videoPid = pmtVideoStream(s)?.pid
        this.pmt = Buffer.from(ts.subarray(off, end))
      }
    }
  }

  /** True when a PAT comes before the first video packet of `run`. */
  private hasPat(run: Uint8Array): boolean {
    for (let off = 0; off + TS_PACKET <= run.length; off += TS_PACKET) {
      const pid = packetPid(run, off)
      if (pid === 0) return true
      if (pid === this.videoPid) return false
    }
    return false
  }

  /**
   * Hands out the next `frames` whole frames as one TS buffer starting with PAT and PMT, with
   * each frame's PTS.
   * @throws RangeError when fewer whole frames have arrived.
   */
  take(frames: number): { data: Buffer; pts: number[] } {
    if (frames > this.wholeFrames) throw new RangeError(`${frames} frames asked, ${this.wholeFrames} whole`)
    const from = this.starts[0] ?? 0
    const to = frames < this.starts.length ? this.starts[frames]! : this.nextStart
    const body = this.buf.subarray(from, to)
    const tables = this.hasPat(body) || !this.pat || !this.pmt ? [] : [this.pat, this.pmt]
    // Without tables to put in front, the frames are handed out where they lie, not copied (about
    // half a megabyte per 2 s segment); what follows them (the next frames and the tables written
    // before them) moves to a new buffer of the same capacity.
    const out = tables.length > 0 ? Buffer.concat([...tables, body]) : body
    const rest = tables.length > 0 ? this.buf : Buffer.allocUnsafe(this.buf.length)
    this.buf.copy(rest, 0, to, this.length)
    this.buf = rest
    this.length -= to
    this.parsed -= to
    this.nextStart -= to
    this.starts = this.starts.slice(frames).map((s) => s - to)
    return { data: out, pts: this.pts.splice(0, frames) }
  }
}
