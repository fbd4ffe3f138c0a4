/**
 * bench:segments — segments per second through gateway → orchestrator (`POST /segment`) → attached
 * `prism transcoder` process, versus the same transcode (same clip, same ladder, same libx264
 * settings) done by one ffmpeg command, measured in the same run.
 *
 * - clip: 20 s of 640x360 30 fps testsrc2, cut into 2 s MPEG-TS segments (10 segments).
 * - raw: one `ffmpeg` process transcoding the whole clip to P240p30fps16x9 + P360p30fps16x9.
 * - prism: the Gateway signs each segment and POSTs it (one at a time, in order, as a live stream
 *   would) to an in-process orchestrator with local transcoding off; the orchestrator sends each job
 *   to one attached `prism transcoder` process, which runs ffmpeg and posts the renditions back;
 *   the gateway checks nothing extra (verifyFreq 0) and publishes HLS.
 *
 * Usage: npm run bench:segments
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { Gateway } from '../../apps/node/src/gateway/Gateway.ts'
import { h264EncodeArgs } from '../../apps/node/src/media/ffmpeg/args.ts'
import { profilesByName } from '../../apps/node/src/media/profiles.ts'
import { startSegmentNode } from '../helpers/segmentNode.ts'

const SECONDS = 20
const SEG = 2
const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])
const dir = mkdtempSync(join(tmpdir(), 'prism-bench-seg-'))
const ff = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args])

try {
  const clip = join(dir, 'clip.ts')
  ff([
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=30',
    '-t',
    String(SECONDS),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-g',
    '30',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'mpegts',
    clip,
  ])
  ff([
    '-i',
    clip,
    '-c',
    'copy',
    '-f',
    'segment',
    '-segment_time',
    String(SEG),
    '-segment_format',
    'mpegts',
    '-reset_timestamps',
    '0',
    join(dir, 'seg_%03d.ts'),
  ])
  const segFiles = readdirSync(dir)
    .filter((f) => f.startsWith('seg_'))
    .sort()
  const segments = segFiles.map((f) => readFileSync(join(dir, f)))

  // Raw baseline: one ffmpeg command, the same ladder and encoder settings (h264EncodeArgs) as
  // transcodeSegment.
  const rawArgs = ['-copyts', '-i', clip]
  profiles.forEach((p, i) => {
    rawArgs.push(
      '-map',
      '0:v:0',
      '-an',
      '-vf',
      `scale=${p.width}:${p.height}`,
      '-r',
      String(p.fps),
      ...h264EncodeArgs('libx264', p.bitrateKbps, p.fps),
      '-muxdelay',
      '0',
      '-f',
      'mpegts',
      join(dir, `raw${i}.ts`),
    )
  })
  const t0 = performance.now()
  ff(rawArgs)
  const rawMs = performance.now() - t0

  // Prism: gateway -> orchestrator -> attached transcoder process.
  const node = await startSegmentNode({ local: false, secret: 'bench' })
  const prismBin = join(import.meta.dirname, '..', '..', 'apps', 'node', 'bin', 'prism.js')
  const worker = spawn(
    process.execPath,
    [prismBin, 'transcoder', '-orchAddr', node.uri, '-orchSecret', 'bench'],
    {
      stdio: 'ignore',
    },
  )
  const workerExit = new Promise((r) => worker.once('close', r))
  try {
    while (node.registry.list().length === 0) await new Promise((r) => setTimeout(r, 50))
    const gateway = new Gateway({
      account: privateKeyToAccount(generatePrivateKey()),
      orchAddrs: [node.uri],
      profiles,
    })
    let failed = 0
    gateway.on('segmentFailed', () => failed++)
    const t1 = performance.now()
    for (let i = 0; i < segments.length; i++)
      await gateway.handleSegment({ stream: 'bench', seq: i, data: segments[i]!, durationMs: SEG * 1000 })
    const prismMs = performance.now() - t1
    const n = segments.length
    const rawRate = n / (rawMs / 1000)
    const prismRate = n / (prismMs / 1000)
    console.log(
      `bench:segments  ${SECONDS} s 640x360 clip, ${n} segments of ${SEG} s, ladder ${profiles.map((p) => p.name).join('+')}`,
    )
    console.log(
      `  raw ffmpeg (one command, whole clip): ${rawMs.toFixed(0)} ms  = ${rawRate.toFixed(2)} segments/s`,
    )
    console.log(
      `  gateway -> orchestrator -> transcoder: ${prismMs.toFixed(0)} ms  = ${prismRate.toFixed(2)} segments/s (failed ${failed})`,
    )
    console.log(
      `  ratio prism/raw throughput: ${(prismRate / rawRate).toFixed(2)}  (real time needs ${(1 / SEG).toFixed(2)} segments/s)`,
    )
  } finally {
    worker.kill('SIGTERM')
    await workerExit
    await node.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
