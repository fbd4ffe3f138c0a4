/**
 * bench:segments — segments per second through gateway → orchestrator → attached transcoder over
 * go-livepeer's protocol, versus the same transcode (same clip, same ladder, same libx264
 * settings) done by one ffmpeg command; and the gRPC GetOrchestrator round trip versus a raw
 * HTTP/2 request on the same TLS port; all measured in the same run.
 *
 * - clip: 20 s of 640x360 30 fps testsrc2, cut into 2 s MPEG-TS segments (10 segments).
 * - raw: one `ffmpeg` process transcoding the whole clip to P240p30fps16x9 + P360p30fps16x9.
 * - prism: the Gateway (off chain) opens its session by GetOrchestrator and POSTs each segment as a
 *   SegData to an in-process orchestrator on its
 *   TLS port with local transcoding off; the orchestrator answers 200 at once, hands the job to one
 *   `prism transcoder` process attached by RegisterTranscoder (NotifySegment, results on
 *   /transcodeResults), and answers a TranscodeResult whose renditions the gateway downloads from
 *   their URLs; verifyFreq 0; HLS published. The segments are queued at once (`enqueue`, as a
 *   stream behind its ingest queues them) with the default pipeline (the next segment sent while
 *   one transcodes, published in order), then again with `pipelineDepth` 1 (one at a time) on a
 *   second stream, for comparison. A first stream, not counted, warms the node up.
 * - rpc: GetOrchestrator through Connect's gRPC client versus `GET /healthz` through node:http2,
 *   each on a new TLS connection per call (as go-livepeer calls GetOrchestrator) and on one kept
 *   connection.
 *
 * - cpu: CPU time per segment (user + system, from /proc) of both: for prism, this process
 *   (gateway and orchestrator) and the transcoder process with its ffmpeg children (finished ones
 *   and the session's long-lived one still running), over the segments; on a shared machine the wall-clock ratio swings with the other load, the CPU
 *   ratio much less.
 *
 * Usage: npm run bench:segments
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { connect as http2Connect } from 'node:http2'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@connectrpc/connect'
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node'
import { net, OFFCHAIN_REQUEST_CREDENTIALS, orchestratorRequest } from '@prism/protocol'
import { getOrchestrator } from '../../apps/node/src/gateway/dispatch/orchestratorRpc.ts'
import { Gateway, SEGMENT_PIPELINE_DEPTH } from '../../apps/node/src/gateway/Gateway.ts'
import { h264EncodeArgs } from '../../apps/node/src/media/ffmpeg/args.ts'
import { profilesByName } from '../../apps/node/src/media/profiles.ts'
import { startSegmentNode } from '../helpers/segmentNode.ts'

const SECONDS = 20
const SEG = 2
const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])
const dir = mkdtempSync(join(tmpdir(), 'prism-bench-seg-'))
const ff = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args])
const RPC_CALLS = 50
/** Rounds of the three measurements (`--rounds N`). */
const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

/** CPU ms of one /proc stat line's process: user + system, and its waited-for children's. */
function statCpuMs(stat: string): { self: number; children: number } {
  // fields after "pid (comm) ": state is [0], utime [11], stime [12], cutime [13], cstime [14]
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number)
  const ms = (ticks: number) => (ticks * 1000) / CLK_TCK
  return { self: ms(f[11]! + f[12]!), children: ms(f[13]! + f[14]!) }
}

/**
 * CPU ms used so far by a process (`self`) and by its children (`children`): those it has
 * waited for and, with `live`, those still running (the transcoder's long-lived ffmpeg).
 */
function cpuMs(pid: number | 'self' = 'self', live = false): { self: number; children: number } {
  const own = statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  if (!live) return own
  let running = 0
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let kids: string[] = []
    try {
      kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
    } catch {}
    for (const kid of kids) {
      try {
        const c = statCpuMs(readFileSync(`/proc/${kid}/stat`, 'utf8'))
        running += c.self + c.children
      } catch {}
    }
  }
  return { self: own.self, children: own.children + running }
}

/** Mean ms of `n` sequential calls of `fn` (after one warm-up call). */
async function meanMs(n: number, fn: () => Promise<unknown>): Promise<number> {
  await fn()
  const t = performance.now()
  for (let i = 0; i < n; i++) await fn()
  return (performance.now() - t) / n
}

/** `GET path` on an HTTP/2 session, resolving when the response has ended. */
function h2Get(session: ReturnType<typeof http2Connect>, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':path': path })
    req.on('error', reject)
    req.on('data', () => {})
    req.on('end', () => resolve())
    req.end()
  })
}

/** GetOrchestrator vs a raw HTTP/2 GET, new connection per call and one kept connection. */
async function rpcRoundTrips(uri: string) {
  const request = orchestratorRequest(OFFCHAIN_REQUEST_CREDENTIALS)
  const tls = { rejectUnauthorized: false }
  const grpcNew = await meanMs(RPC_CALLS, () => getOrchestrator(uri, request))
  const h2New = await meanMs(RPC_CALLS, async () => {
    const session = http2Connect(uri, tls)
    try {
      await h2Get(session, '/healthz')
    } finally {
      session.close()
    }
  })
  const manager = new Http2SessionManager(uri, {}, tls)
  const client = createClient(
    net.Orchestrator,
    createGrpcTransport({ baseUrl: uri, sessionManager: manager }),
  )
  const grpcKept = await meanMs(RPC_CALLS, () => client.getOrchestrator(request))
  manager.abort()
  const session = http2Connect(uri, tls)
  const h2Kept = await meanMs(RPC_CALLS, () => h2Get(session, '/healthz'))
  session.close()
  return { grpcNew, h2New, grpcKept, h2Kept }
}

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
  /** The raw baseline once: wall ms and its CPU ms. */
  const runRaw = () => {
    const c0 = cpuMs()
    const t0 = performance.now()
    ff(rawArgs)
    return { ms: performance.now() - t0, cpuMs: cpuMs().children - c0.children }
  }

  // Prism: gateway -> orchestrator -> attached transcoder process.
  const node = await startSegmentNode({ local: false, secret: 'bench' })
  const prismBin = join(import.meta.dirname, '..', '..', 'apps', 'node', 'bin', 'prism.js')
  const worker = spawn(
    process.execPath,
    // host:port: TLS, as go-livepeer transcoders dial
    [prismBin, 'transcoder', '-orchAddr', new URL(node.uri).host, '-orchSecret', 'bench'],
    {
      stdio: 'ignore',
    },
  )
  const workerExit = new Promise((r) => worker.once('close', r))
  try {
    while (node.registry.list().length === 0) await new Promise((r) => setTimeout(r, 50))
    /** Queues every segment on a new gateway and waits until all are published. */
    const run = async (stream: string, pipelineDepth?: number) => {
      const gateway = new Gateway({
        orchAddrs: [node.uri],
        profiles,
        ...(pipelineDepth ? { pipelineDepth } : {}),
      })
      let failed = 0
      let published = 0
      let inOrder = true
      gateway.on('segmentFailed', () => failed++)
      gateway.on('segment', (e) => {
        if (e.seq !== published) inOrder = false
        published++
      })
      const c1 = cpuMs()
      const w1 = cpuMs(worker.pid!, true)
      const t1 = performance.now()
      for (let i = 0; i < segments.length; i++)
        void gateway.enqueue({ stream, seq: i, data: segments[i]!, durationMs: SEG * 1000 })
      await gateway.drain()
      const ms = performance.now() - t1
      const nodeCpuMs = cpuMs().self - c1.self
      const w2 = cpuMs(worker.pid!, true)
      const workerCpuMs = w2.self + w2.children - w1.self - w1.children
      const workerSelfMs = w2.self - w1.self
      await gateway.endStream(stream)
      return { ms, failed, inOrder, nodeCpuMs, workerCpuMs, workerSelfMs }
    }
    type RunResult = Awaited<ReturnType<typeof run>>
    // Rounds of raw, pipelined and one-at-a-time back to back, so that each round's three see the
    // same load from whatever else shares the cores; the headline is the median round.
    const n = segments.length
    // One stream first, not counted: the first segments pay for compiling the code paths, the
    // first TLS handshakes and the transcoder's first ffmpeg.
    await run('bench-warmup')
    const rounds: Array<{ raw: ReturnType<typeof runRaw>; piped: RunResult; serial: RunResult }> = []
    for (let r = 0; r < ROUNDS; r++) {
      const raw = runRaw()
      const piped = await run(`bench-${r}`)
      const serial = await run(`bench-serial-${r}`, 1)
      rounds.push({ raw, piped, serial })
    }
    const rpc = await rpcRoundTrips(node.uri)
    const rate = (ms: number) => `${(n / (ms / 1000)).toFixed(2)} segments/s`
    console.log(
      `bench:segments  ${SECONDS} s 640x360 clip, ${n} segments of ${SEG} s, ladder ${profiles.map((p) => p.name).join('+')}, ${ROUNDS} rounds`,
    )
    for (const [i, { raw, piped, serial }] of rounds.entries()) {
      console.log(
        `  round ${i + 1}: raw ffmpeg (one command, whole clip) ${raw.ms.toFixed(0)} ms = ${rate(raw.ms)}; prism pipelined (${SEGMENT_PIPELINE_DEPTH} in flight) ${piped.ms.toFixed(0)} ms = ${rate(piped.ms)}, ratio ${(raw.ms / piped.ms).toFixed(2)}; one at a time ${serial.ms.toFixed(0)} ms = ${rate(serial.ms)}, ratio ${(raw.ms / serial.ms).toFixed(2)}`,
      )
      const bad = [piped, serial].filter((x) => x.failed > 0 || !x.inOrder)
      if (bad.length)
        console.log(`    failed segments or out-of-order publishing in this round: ${JSON.stringify(bad)}`)
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
    const pipedRatio = median(rounds.map((x) => x.raw.ms / x.piped.ms))
    const serialRatio = median(rounds.map((x) => x.raw.ms / x.serial.ms))
    console.log(
      `  ratio prism/raw throughput (median round): pipelined ${pipedRatio.toFixed(2)}, one at a time ${serialRatio.toFixed(2)}  (real time needs ${(1 / SEG).toFixed(2)} segments/s)`,
    )
    const per = (f: (x: (typeof rounds)[number]) => number) =>
      rounds.reduce((a, x) => a + f(x), 0) / (n * ROUNDS)
    const rawCpu = per((x) => x.raw.cpuMs)
    for (const [label, pick] of [
      ['pipelined', (x: (typeof rounds)[number]) => x.piped],
      ['one at a time', (x: (typeof rounds)[number]) => x.serial],
    ] as const) {
      const node = per((x) => pick(x).nodeCpuMs)
      const worker = per((x) => pick(x).workerCpuMs)
      const workerSelf = per((x) => pick(x).workerSelfMs)
      console.log(
        `  CPU per segment, ${label}: raw ffmpeg ${rawCpu.toFixed(0)} ms; prism ${(node + worker).toFixed(0)} ms (gateway + orchestrator ${node.toFixed(0)} ms, transcoder ${workerSelf.toFixed(0)} ms, its ffmpeg ${(worker - workerSelf).toFixed(0)} ms); ratio raw/prism ${(rawCpu / (node + worker)).toFixed(2)}`,
      )
    }
    console.log(`  round trips on the orchestrator's TLS port, mean of ${RPC_CALLS} calls:`)
    console.log(
      `    new connection per call: gRPC GetOrchestrator ${rpc.grpcNew.toFixed(2)} ms, raw HTTP/2 GET /healthz ${rpc.h2New.toFixed(2)} ms`,
    )
    console.log(
      `    one kept connection:     gRPC GetOrchestrator ${rpc.grpcKept.toFixed(2)} ms, raw HTTP/2 GET /healthz ${rpc.h2Kept.toFixed(2)} ms`,
    )
  } finally {
    worker.kill('SIGTERM')
    await workerExit
    await node.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
