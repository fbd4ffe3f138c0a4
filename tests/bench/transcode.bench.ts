/**
 * bench:transcode — the node's transcode of a fixed 10 s 720p30 clip to the default ladder
 * (P360p30fps16x9 + P240p30fps16x9, HLS) versus one raw ffmpeg command producing the same ladder
 * with the same encoder settings from the same clip, measured in the same run.
 *
 * - raw: `ffmpeg -i clip -filter_complex split/scale -map … libx264 … -f hls` (one process), with
 *   the node's encoder settings (one thread per live libx264 encoder included); then the same with
 *   x264's default threads, printed for reference only.
 * - node: `FramePipeline` as the transcode kind builds it (ffmpeg decode -> raw I420 frames through
 *   Node with the bounded queue -> ffmpeg ladder encode -> HLS), with a file input instead of RTP
 *   and no WebRTC return rendition, so both sides do the same media work.
 * - each side runs once untimed (compiled code, page cache), then ROUNDS interleaved rounds (raw,
 *   node); the medians are compared, and every run is printed.
 *
 * Usage: npm run bench:transcode
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FramePipeline, type OutputPixels, selectH264Encoder } from '@prism/node'
import { DEFAULT_TRANSCODE_PROFILES, VIDEO_PROFILES } from '@prism/protocol'
import { h264EncodeArgs, liveEncoderThreadArgs } from '../../apps/node/src/media/ffmpeg/args.ts'

const ROUNDS = 5

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

const dir = mkdtempSync(join(tmpdir(), 'prism-bench-tc-'))
const clip = join(dir, 'clip720p30.mp4')
try {
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=30',
    '-t',
    '10',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-g',
    '30',
    '-pix_fmt',
    'yuv420p',
    '-y',
    clip,
  ])
  const { encoder, reason } = await selectH264Encoder()
  const ladder = DEFAULT_TRANSCODE_PROFILES.map((n) => VIDEO_PROFILES[n]!)
  const top = ladder.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a))
  console.log(
    `clip: 10 s 1280x720 30 fps; ladder: ${ladder.map((p) => p.name).join(', ')}; encoder: ${encoder} (${reason})`,
  )

  // raw: one ffmpeg command, with the node's encoder settings (one thread per live libx264
  // encoder included) so that both sides encode the same way; then again with x264's default
  // threads, printed for reference (a lone stream on idle cores finishes sooner that way)
  const rawRun = (name: string, threadArgs: string[]): number => {
    const rawDir = join(dir, name)
    execFileSync('mkdir', ['-p', rawDir])
    const split = `[0:v]split=${ladder.length}${ladder.map((_, i) => `[s${i}]`).join('')};${ladder.map((p, i) => `[s${i}]scale=${p.width}:${p.height}:flags=bilinear,format=yuv420p[o${i}]`).join(';')}`
    const rawArgs = ['-hide_banner', '-loglevel', 'error', '-i', clip, '-filter_complex', split]
    ladder.forEach((p, i) => {
      rawArgs.push(
        '-map',
        `[o${i}]`,
        '-fps_mode',
        'passthrough',
        ...h264EncodeArgs(encoder, p.bitrateKbps, 30),
        ...threadArgs,
        '-f',
        'hls',
        '-hls_time',
        '1',
        '-hls_list_size',
        '0',
        '-hls_segment_filename',
        join(rawDir, `${p.name}_%05d.ts`),
        join(rawDir, `${p.name}.m3u8`),
      )
    })
    const t0 = performance.now()
    execFileSync('ffmpeg', rawArgs)
    return performance.now() - t0
  }
  const segs = (d: string) => readdirSync(d).filter((f) => f.endsWith('.ts')).length

  // node: FramePipeline with a file input
  const nodeRun = async (name: string) => {
    const reports: OutputPixels[] = []
    const pipeline = new FramePipeline({
      kind: 'transcode',
      input: { type: 'file', path: clip },
      format: 'i420',
      width: top.width,
      height: top.height,
      fps: top.fps,
      hls: ladder.map((p) => ({
        name: p.name,
        width: p.width,
        height: p.height,
        kbps: p.bitrateKbps,
        counted: true,
      })),
      ctx: {
        sessionId: 'bench',
        streamId: 'bench',
        codec: 'H264',
        encoder,
        hlsDir: join(dir, name),
        sendControlEvent: () => undefined,
        maxQueuedFrames: 2,
      },
    })
    pipeline.on('outputpixels', (r) => reports.push(r))
    const t1 = performance.now()
    await pipeline.start()
    await pipeline.finished
    const ms = performance.now() - t1
    const stats = pipeline.toJSON()
    await pipeline.close()
    const frames = (n: string) => reports.filter((r) => r.rendition === n).reduce((a, r) => a + r.frames, 0)
    const detail = `${segs(join(dir, name))} segments, ${stats.framesEncoded} frames, dropped ${stats.framesDropped}, frames per rendition ${ladder.map((p) => `${p.name}=${frames(p.name)}`).join(' ')}`
    return { ms, detail }
  }

  // One untimed run of each side first: a running node has its code compiled (JIT) and ffmpeg's
  // libraries and the clip are in the page cache for both. Then ROUNDS interleaved rounds (raw,
  // node), so that both sides see the same background load; the medians are compared.
  rawRun('raw-warm', liveEncoderThreadArgs(encoder))
  await nodeRun('node-warm')
  const rawMs: number[] = []
  const nodeMs: number[] = []
  let nodeDetail = ''
  for (let i = 0; i < ROUNDS; i++) {
    rawMs.push(rawRun(`raw${i}`, liveEncoderThreadArgs(encoder)))
    const r = await nodeRun(`node${i}`)
    nodeMs.push(r.ms)
    nodeDetail = r.detail
  }
  const rawDefaultMs = rawRun('raw-default-threads', [])
  const s = (ms: number[]) => ms.map((x) => (x / 1000).toFixed(2)).join(' ')
  const rawMed = median(rawMs)
  const nodeMed = median(nodeMs)
  console.log(
    `raw ffmpeg : median ${(rawMed / 1000).toFixed(2)} s of ${s(rawMs)} (${segs(join(dir, 'raw0'))} segments)`,
  )
  console.log(
    `node       : median ${(nodeMed / 1000).toFixed(2)} s of ${s(nodeMs)} (last run: ${nodeDetail})`,
  )
  console.log(
    `ratio node/raw: ${(nodeMed / rawMed).toFixed(2)}  (medians of ${ROUNDS} interleaved rounds; realtime factor node: ${(10_000 / nodeMed).toFixed(2)}x, raw: ${(10_000 / rawMed).toFixed(2)}x)`,
  )
  console.log(
    `for reference, raw with x264's default threads: ${(rawDefaultMs / 1000).toFixed(2)} s (node/that ${(nodeMed / rawDefaultMs).toFixed(2)}); the node runs one thread per live encoder so that many streams share the cores (docs/orchestrator.md, Capacity)`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
