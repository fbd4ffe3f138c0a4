/**
 * RTMP ingest by ffmpeg: one `ffmpeg -listen 1` RTMP server at a time accepts a publisher on
 * `rtmp://host:port/live/{streamKey}` and cuts the stream (copied, no re-encode) into MPEG-TS
 * segments of about `segmentSeconds` (at keyframes). ffmpeg accepts any stream key and names the one
 * it received in a warning, which gives the key. When the publisher leaves, a fresh listener starts.
 * One publisher at a time per listener (see docs/gateway.md).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readSegmentList, segmentOutputArgs } from './segmentList.ts'

/** A finished segment. */
export type IngestSegment = { streamKey: string; seq: number; data: Uint8Array; durationMs: number }

/** Events of {@link RtmpSegmenter}. */
export type RtmpSegmenterEvents = {
  /** A segment is complete. */
  segment: [IngestSegment]
  /** The publisher of `streamKey` disconnected. */
  end: [streamKey: string]
  /** ffmpeg failed in a way that is not a normal disconnect. */
  error: [Error]
}

/** Options of {@link RtmpSegmenter}. */
export type RtmpSegmenterOptions = {
  /** Host to bind. Default: 127.0.0.1. */
  host?: string
  port: number
  /** Target segment length in seconds. Default: 2. */
  segmentSeconds?: number
}

const PLACEHOLDER = 'stream'

/**
 * Listens for RTMP publishers and emits MPEG-TS segments.
 *
 * @example
 * const seg = new RtmpSegmenter({ port: 1935 })
 * seg.on('segment', (s) => console.log(s.streamKey, s.seq, s.data.length))
 * await seg.start()
 */
export class RtmpSegmenter extends EventEmitter<RtmpSegmenterEvents> {
  private child: ChildProcess | undefined
  private closed = false
  private dir = ''
  private readonly host: string
  private readonly port: number
  private readonly segmentSeconds: number

  constructor(opts: RtmpSegmenterOptions) {
    super()
    this.host = opts.host ?? '127.0.0.1'
    this.port = opts.port
    this.segmentSeconds = opts.segmentSeconds ?? 2
  }

  /** The RTMP URL publishers use, with `key` as stream key. */
  url(key: string): string {
    return `rtmp://${this.host}:${this.port}/live/${key}`
  }

  /** Starts the first listener; resolves once ffmpeg is spawned. */
  async start(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'prism-rtmp-'))
    this.listen()
    // ffmpeg needs a moment to bind its socket.
    await new Promise((r) => setTimeout(r, 300))
  }

  private listen(): void {
    if (this.closed) return
    let streamKey = PLACEHOLDER
    const args = [
      '-hide_banner',
      '-v',
      'warning',
      '-listen',
      '1',
      '-f',
      'flv',
      '-i',
      this.url(PLACEHOLDER),
      '-map',
      '0',
      '-c',
      'copy',
      ...segmentOutputArgs(this.segmentSeconds, join(this.dir, `${Date.now()}_%06d.ts`)),
    ]
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    this.child = child
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000)
      const m = /Unexpected stream (\S+), expecting/.exec(stderr)
      if (m) streamKey = m[1]!
    })
    const list = readSegmentList(
      child.stdout!,
      this.dir,
      (seg) => this.emit('segment', { streamKey, ...seg }),
      (err) => {
        // An unheard 'error' event would throw: report only to listeners.
        if (this.listenerCount('error') > 0) this.emit('error', err)
      },
    )
    child.on('close', () => {
      void list.settled().then(() => {
        if (this.child === child) this.child = undefined
        if (list.count() > 0) this.emit('end', streamKey)
        if (!this.closed) setTimeout(() => this.listen(), 50)
      })
    })
  }

  /** Stops the listener (kills ffmpeg, waits for it) and removes temporary files. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const child = this.child
    if (child && child.exitCode === null && child.signalCode === null) {
      const done = new Promise((r) => child.once('close', r))
      child.kill('SIGKILL')
      await done
    }
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
  }
}
