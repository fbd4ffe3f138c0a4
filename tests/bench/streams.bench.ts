/**
 * bench:streams — how many concurrent real-time streams this machine holds, through the node and
 * raw, in one run. Input: 640x360 at 30 fps (ffmpeg testsrc2, libx264), the clients on the same
 * cores as the node.
 *
 * - node: a real `prism orchestrator` in a child process (CLI defaults, offchain, libx264, the ai
 *   pipelines on onnxruntime-node's CPU provider), so that its CPU (main thread, other threads,
 *   its ffmpeg children, mediasoup workers) is read apart from the clients'. Headless WhipClients
 *   in this process are added one at a time; each step is held `--hold` seconds once the new
 *   stream returns frames. A step holds real time when every stream returned at least
 *   `--threshold` x 30 fps over the hold; the first step that does not ends the kind. Frames the
 *   node dropped (`prism_frame_drops_total`) are counted per step.
 * - raw transcode: per stream, the client's same source ffmpeg sending RTP to one ffmpeg command
 *   doing the node's media work (RTP in, decode, split, P360p30fps16x9 + P240p30fps16x9 HLS and a
 *   360p baseline rendition out as RTP, the node's decoder and encoder settings), its returned frames counted.
 * - raw ai: per stream, an onnxruntime loop in this process running the same chain (sepia then
 *   sharpen at 256x256, as createNodeRuntime's sessions) once every 1/30 s (no decode, no encode,
 *   no client: the issue's baseline).
 * - passthrough (only with `--kinds passthrough`): node only, no raw baseline.
 *
 * Prints each step (fps in and out, drops, CPU in cores split by process) and per kind: the count
 * through the node, without drops, raw, node/raw, CPU per stream (node and clients apart, the
 * node's main thread being its event loop's busy time).
 *
 * Usage: npm run bench:streams [-- --kinds transcode,ai --hold 4 --max 24 --threshold 0.9]
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { BUILTIN_MODELS } from '@prism/gpu/onnx'
import {
  allocateRtpPortPair,
  FfmpegProcess,
  h264EncodeArgs,
  liveDecoderThreadArgs,
  liveEncoderThreadArgs,
  RtpSource,
  rtpInputArgs,
  rtpInputSdp,
  rtpOutputArgs,
  runningFfmpegPids,
} from '@prism/node'
import { DEFAULT_TRANSCODE_PROFILES, VIDEO_PROFILES } from '@prism/protocol'
import * as ort from 'onnxruntime-node'
import { freePort } from '../../apps/node/src/lib/freePort.ts'
import { WhipClient } from '../helpers/whip/WhipClient.ts'
import { cpuByGroup, mainThreadCpuSeconds, type ProcEntry, readProcStat, sampleTree } from './procCpu.ts'

const { values } = parseArgs({
  options: {
    kinds: { type: 'string', default: 'transcode,ai' },
    hold: { type: 'string', default: '4' },
    max: { type: 'string', default: '24' },
    threshold: { type: 'string', default: '0.9' },
  },
})
const KINDS = values.kinds.split(',').map((k) => k.trim()) as Kind[]
const HOLD_S = Number(values.hold)
const MAX = Number(values.max)
const FPS = 30
const MIN_FPS = Number(values.threshold) * FPS
/** After a new stream returns frames: its start-up burst (and a source catching up) settles. */
const SETTLE_MS = 2000
const AI_SIDE = 256
const AI_STAGES = [
  { model: 'builtin:sepia', params: { strength: 0.8 } },
  { model: 'builtin:sharpen', params: { amount: 1 } },
]

type Kind = 'transcode' | 'ai' | 'passthrough'

/** One held step: `n` streams, their fps over the hold, CPU cores used by group. */
type Step = {
  n: number
  inFps: number[]
  outFps: number[]
  drops: number
  cores: Map<string, number>
  failed?: string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0)
const held = (s: Step) => !s.failed && s.outFps.length === s.n && Math.min(...s.outFps) >= MIN_FPS

function stepLine(label: string, s: Step): string {
  const groups = [...s.cores].map(([g, c]) => `${g} ${c.toFixed(2)}`).join(', ')
  const inFps = s.inFps.filter(Number.isFinite)
  const fps = s.outFps.length
    ? `in ${inFps.length ? (sum(inFps) / inFps.length).toFixed(1) : '-'}  out min ${Math.min(...s.outFps).toFixed(1)} mean ${(sum(s.outFps) / s.outFps.length).toFixed(1)}`
    : ''
  return `${label.padEnd(16)} n=${String(s.n).padStart(2)}  ${fps}  drops ${s.drops}  cores: ${groups}${s.failed ? `  FAILED: ${s.failed}` : held(s) ? '' : '  below real time'}`
}

/** Ramps `add` one stream at a time until a step misses real time or `MAX` is reached. */
async function ramp(
  label: string,
  add: (i: number) => Promise<void>,
  measure: (n: number) => Promise<Step>,
): Promise<Step[]> {
  const steps: Step[] = []
  for (let n = 1; n <= MAX; n++) {
    let step: Step
    try {
      await add(n - 1)
      step = await measure(n)
    } catch (err) {
      step = { n, inFps: [], outFps: [], drops: 0, cores: new Map(), failed: String(err).slice(0, 160) }
    }
    steps.push(step)
    console.log(stepLine(label, step))
    if (!held(step)) break
  }
  return steps
}

/** Waits until `count()` reaches `n` (frames returned), or throws after `ms`. */
async function waitCount(count: () => number, n: number, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms
  while (count() < n) {
    if (Date.now() > until) throw new Error(`${what}: only ${count()} of ${n} frames after ${ms} ms`)
    await sleep(50)
  }
}

/** Per-stream counters and the process trees to sample over one hold window. */
async function holdWindow(
  counters: { sent: () => number; returned: () => number }[],
  trees: { root: number; groupOf: (e: ProcEntry) => string | undefined }[],
  extra?: { before: () => Promise<number>; after: () => Promise<number> },
  mainThread?: { pid: number; group: string },
): Promise<Omit<Step, 'n'>> {
  const s0 = counters.map((c) => ({ sent: c.sent(), ret: c.returned() }))
  const p0 = trees.map((t) => sampleTree(t.root))
  const m0 = mainThread ? mainThreadCpuSeconds(mainThread.pid) : 0
  const e0 = extra ? await extra.before() : 0
  const t0 = performance.now()
  await sleep(HOLD_S * 1000)
  const dt = (performance.now() - t0) / 1000
  const s1 = counters.map((c) => ({ sent: c.sent(), ret: c.returned() }))
  const cores = new Map<string, number>()
  trees.forEach((t, i) => {
    for (const [g, sec] of cpuByGroup(p0[i]!, sampleTree(t.root), t.groupOf))
      cores.set(g, (cores.get(g) ?? 0) + sec / dt)
  })
  if (mainThread) cores.set(mainThread.group, (mainThreadCpuSeconds(mainThread.pid) - m0) / dt)
  return {
    inFps: s1.map((s, i) => (s.sent - s0[i]!.sent) / dt),
    outFps: s1.map((s, i) => (s.ret - s0[i]!.ret) / dt),
    drops: extra ? (await extra.after()) - e0 : 0,
    cores,
  }
}

// ---------------------------------------------------------------- node

/** This process ('clients') and the ffmpeg it started itself ('clients ffmpeg'); others: none. */
function clientGroup(e: ProcEntry): string | undefined {
  if (e.pid === process.pid) return 'clients'
  return e.ppid === process.pid && e.comm === 'ffmpeg' ? 'clients ffmpeg' : undefined
}

/** A `prism orchestrator` child process on a free port, offchain, with a private data folder. */
async function startNodeProcess(): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'prism-bench-streams-'))
  const bin = fileURLToPath(new URL('../../apps/node/bin/prism.js', import.meta.url))
  const child = spawn(
    process.execPath,
    [
      bin,
      'orchestrator',
      ...['-httpAddr', `http://127.0.0.1:${port}`, '-dataDir', dataDir],
      ...['-maxSessions', '1000', '-nvidia', 'none', '-connectTimeout', '20', '-mediasoupWorkers', '1'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let tail = ''
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const url = `http://127.0.0.1:${port}`
  const seen = new Map<number, string>()
  const stop = async () => {
    for (const [pid, e] of sampleTree(child.pid!)) seen.set(pid, e.comm)
    child.kill('SIGTERM')
    await Promise.race([exited, sleep(15_000)])
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
    // what the node started ends with it (tsx's esbuild helper a moment later): anything of its
    // tree still alive after 3 s (an orphaned ffmpeg) is a leak, reported and ended
    // a zombie (exited, waiting for its new parent to reap it) holds nothing
    const alive = (pid: number) => {
      const e = readProcStat(`/proc/${pid}/stat`)
      return e !== undefined && e.state !== 'Z'
    }
    const others = [...seen.keys()].filter((pid) => pid !== child.pid)
    const until = Date.now() + 3000
    while (others.some(alive) && Date.now() < until) await sleep(100)
    for (const pid of others.filter(alive)) {
      console.warn(`left behind by the node: pid ${pid} (${seen.get(pid)}); killing it`)
      process.kill(pid, 'SIGKILL')
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  const until = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`orchestrator exited: ${tail}`)
    const ok = await fetch(`${url}/info`)
      .then((r) => r.ok)
      .catch(() => false)
    if (ok) break
    if (Date.now() > until) {
      await stop()
      throw new Error(`orchestrator did not answer /info: ${tail}`)
    }
    await sleep(250)
  }
  return { url, child, stop }
}

async function nodeDrops(url: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text())
  return sum(
    [...text.matchAll(/^prism_frame_drops_total\{[^}]*\} (\d+(?:\.\d+)?)/gm)].map((m) => Number(m[1])),
  )
}

function pipelineOf(kind: Kind): unknown {
  if (kind === 'ai') return { version: 1, kind: 'ai', width: AI_SIDE, height: AI_SIDE, stages: AI_STAGES }
  return { kind }
}

async function nodeRun(kind: Kind): Promise<Step[]> {
  const node = await startNodeProcess()
  const clients: WhipClient[] = []
  const nodePid = node.child.pid!
  try {
    return await ramp(
      `node ${kind}`,
      async (i) => {
        const client = await WhipClient.connect({
          url: node.url,
          streamId: `${kind}${i}`,
          pipeline: pipelineOf(kind),
          decode: false,
          source: { type: 'testsrc', width: 640, height: 360, fps: FPS },
          connectTimeoutMs: 20_000,
        })
        clients.push(client)
        // the first ai session loads its models: give it longer
        await waitCount(() => client.stats.framesReceived, 15, 30_000, `stream ${i}`)
        await sleep(SETTLE_MS)
      },
      async (n) => ({
        n,
        ...(await holdWindow(
          clients.map((c) => ({ sent: () => c.stats.framesSent, returned: () => c.stats.framesReceived })),
          [
            {
              root: nodePid,
              // the node process's threads other than the main one, then its children by name
              groupOf: (e) =>
                e.pid === nodePid
                  ? 'node(all threads)'
                  : e.comm.startsWith('mediasoup')
                    ? 'mediasoup'
                    : e.comm,
            },
            // this process (the clients' peers) and its own ffmpeg children (the sources), not the node
            { root: process.pid, groupOf: (e) => clientGroup(e) },
          ],
          { before: () => nodeDrops(node.url), after: () => nodeDrops(node.url) },
          { pid: nodePid, group: 'node main thread' },
        )),
      }),
    )
  } finally {
    await Promise.all(clients.map((c) => c.close()))
    await node.stop()
  }
}

// ---------------------------------------------------------------- raw transcode

/** The client's source ffmpeg: testsrc2 640x360 30 fps, libx264 as WhipClient, RTP to `port`. */
function sourceArgs(port: number): string[] {
  return [
    ...['-re', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${FPS}`, '-an'],
    ...h264EncodeArgs('libx264', 1500, FPS, true),
    ...['-bsf:v', 'dump_extra'],
    ...rtpOutputArgs(port),
  ]
}

async function rawTranscodeRun(): Promise<Step[]> {
  const ladder = DEFAULT_TRANSCODE_PROFILES.map((n) => VIDEO_PROFILES[n]!)
  const top = ladder.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a))
  const dir = mkdtempSync(join(tmpdir(), 'prism-bench-streams-raw-'))
  const streams: { frames: number; sent: number; procs: FfmpegProcess[]; sink: RtpSource }[] = []
  const transcoders = new Set<number>()
  try {
    return await ramp(
      'raw transcode',
      async (i) => {
        const stream = {
          frames: 0,
          sent: 0,
          procs: [] as FfmpegProcess[],
          sink: undefined as unknown as RtpSource,
        }
        stream.sink = await RtpSource.open((pkt) => {
          if (pkt[1]! & 0x80) stream.frames++
        })
        streams.push(stream)
        const port = await allocateRtpPortPair()
        const sdp = join(dir, `in${i}.sdp`)
        writeFileSync(sdp, rtpInputSdp('H264', port))
        const outs = [...ladder, top]
        const split = `[0:v]split=${outs.length}${outs.map((_, k) => `[s${k}]`).join('')};${outs
          .map(
            (p, k) =>
              `[s${k}]${p.height === 360 ? 'null' : `scale=${p.width}:${p.height}:flags=bilinear`},format=yuv420p[o${k}]`,
          )
          .join(';')}`
        const args = [...liveDecoderThreadArgs(), ...rtpInputArgs(sdp), '-an', '-filter_complex', split]
        ladder.forEach((p, k) => {
          args.push(
            ...['-map', `[o${k}]`, '-fps_mode', 'passthrough'],
            ...h264EncodeArgs('libx264', p.bitrateKbps, FPS),
            ...liveEncoderThreadArgs('libx264'),
            ...['-f', 'hls', '-hls_time', '1', '-hls_list_size', '10', '-hls_flags', 'delete_segments'],
            ...[
              '-hls_segment_filename',
              join(dir, `${i}_${p.name}_%05d.ts`),
              join(dir, `${i}_${p.name}.m3u8`),
            ],
          )
        })
        args.push(
          ...['-map', `[o${ladder.length}]`, '-fps_mode', 'passthrough'],
          ...h264EncodeArgs('libx264', top.bitrateKbps, FPS, true),
          ...liveEncoderThreadArgs('libx264'),
          ...rtpOutputArgs(stream.sink.port),
        )
        const transcoder = new FfmpegProcess({ name: `raw/transcode${i}`, args })
        stream.procs.push(transcoder)
        if (transcoder.child.pid) transcoders.add(transcoder.child.pid)
        await sleep(300) // let it bind its RTP port
        stream.procs.push(new FfmpegProcess({ name: `raw/source${i}`, args: sourceArgs(port) }))
        await waitCount(() => stream.frames, 15, 30_000, `raw stream ${i}`)
        await sleep(SETTLE_MS)
      },
      async (n) => ({
        n,
        ...(await holdWindow(
          streams.map((s) => ({ sent: () => Number.NaN, returned: () => s.frames })),
          [
            {
              root: process.pid,
              groupOf: (e) => (transcoders.has(e.pid) ? 'raw ffmpeg' : clientGroup(e)),
            },
          ],
        )),
      }),
    )
  } finally {
    for (const s of streams) {
      await Promise.all(s.procs.map((p) => p.close()))
      s.sink.close()
    }
    rmSync(dir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------- raw ai

async function rawAiRun(): Promise<Step[]> {
  const loops: { done: number; stop: boolean; finished: Promise<void>; release: () => Promise<void> }[] = []
  const input = new Float32Array(3 * AI_SIDE * AI_SIDE)
  for (let i = 0; i < input.length; i++) input[i] = (i % 251) / 251
  const tensor = new ort.Tensor('float32', input, [1, 3, AI_SIDE, AI_SIDE])
  try {
    return await ramp(
      'raw ai',
      async () => {
        // the sessions and options createNodeRuntime gives each ai session (CPU provider)
        const sessions = await Promise.all(
          AI_STAGES.map((s) =>
            ort.InferenceSession.create(BUILTIN_MODELS.get(s.model.slice('builtin:'.length))!.build(), {
              executionProviders: ['cpu'],
              graphOptimizationLevel: 'all',
              extra: { session: { intra_op: { allow_spinning: '0' } } },
            }),
          ),
        )
        const feeds = AI_STAGES.map((s) => {
          const def = BUILTIN_MODELS.get(s.model.slice('builtin:'.length))!
          return Object.fromEntries(
            def.params.map((p) => [
              p.name,
              new ort.Tensor(
                'float32',
                Float32Array.of((s.params as Record<string, number>)[p.name] ?? p.default),
                [],
              ),
            ]),
          )
        })
        const loop = { done: 0, stop: false, finished: Promise.resolve(), release: async () => {} }
        loop.release = async () => {
          await Promise.all(sessions.map((s) => s.release()))
        }
        loop.finished = (async () => {
          const t0 = performance.now()
          for (let k = 1; !loop.stop; k++) {
            let current: ort.Tensor = tensor
            for (let j = 0; j < sessions.length; j++)
              current = (await sessions[j]!.run({ ...feeds[j], input: current })).output!
            loop.done++
            // the next frame is due 1/30 s after the previous one was due (late frames run at once)
            await sleep(Math.max(0, t0 + (k * 1000) / FPS - performance.now()))
          }
        })()
        loops.push(loop)
        await sleep(SETTLE_MS)
      },
      async (n) => ({
        n,
        ...(await holdWindow(
          loops.map((l) => ({ sent: () => Number.NaN, returned: () => l.done })),
          [
            {
              root: process.pid,
              groupOf: (e) => (e.pid === process.pid ? 'bench (onnxruntime)' : undefined),
            },
          ],
        )),
      }),
    )
  } finally {
    for (const l of loops) l.stop = true
    await Promise.all(loops.map((l) => l.finished))
    await Promise.all(loops.map((l) => l.release()))
  }
}

// ---------------------------------------------------------------- report

/** Streams that held real time (the step before the first that did not), and without drops. */
function counts(steps: Step[]): { count: number; noDrops: number; at?: Step } {
  let count = 0
  let noDrops = 0
  for (const s of steps) {
    if (!held(s)) break
    count = s.n
    if (s.drops === 0 && noDrops === s.n - 1) noDrops = s.n
  }
  return { count, noDrops, ...(count > 0 ? { at: steps[count - 1]! } : {}) }
}

/** Cores per stream of the groups `groups` selects at step `s` (NaN without a step). */
function perStream(s: Step | undefined, groups: (g: string) => boolean): number {
  if (!s) return Number.NaN
  return sum([...s.cores].filter(([g]) => groups(g)).map(([, c]) => c)) / s.n
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-')
/** Streams per core the CPU cost alone allows (what a machine without other load would hold). */
const perCore = (cost: number) => (Number.isFinite(cost) && cost > 0 ? (1 / cost).toFixed(1) : '-')

const capped = (steps: Step[], count: number) =>
  count === MAX && steps.length === MAX ? `>=${count}` : String(count)

console.log(
  `bench:streams  640x360 ${FPS} fps in; real time = every stream >= ${MIN_FPS.toFixed(1)} fps out over ${HOLD_S} s; ${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at start (other work on the machine counts against every figure)`,
)
const summary: string[] = []
try {
  for (const kind of KINDS) {
    const nodeSteps = await nodeRun(kind)
    const rawSteps =
      kind === 'transcode' ? await rawTranscodeRun() : kind === 'ai' ? await rawAiRun() : undefined
    const node = counts(nodeSteps)
    const raw = rawSteps ? counts(rawSteps) : undefined
    const isNode = (g: string) => g.startsWith('node(') || g === 'ffmpeg' || g === 'mediasoup'
    const isClient = (g: string) => g.startsWith('clients')
    const isRaw = (g: string) => g === 'raw ffmpeg' || g.startsWith('bench (')
    const main = node.at ? (node.at.cores.get('node main thread') ?? 0) / node.at.n : Number.NaN
    const ffmpeg = node.at ? (node.at.cores.get('ffmpeg') ?? 0) / node.at.n : Number.NaN
    const nodeCost = perStream(node.at, isNode)
    const clientCost = perStream(node.at, isClient)
    const rawCost = raw ? perStream(raw.at, isRaw) : Number.NaN
    const rawClientCost = kind === 'transcode' && raw ? perStream(raw.at, isClient) : Number.NaN
    summary.push(
      `${kind.padEnd(11)} real time: node ${capped(nodeSteps, node.count)} (without drops ${node.noDrops}), raw ${raw && rawSteps ? capped(rawSteps, raw.count) : 'n/a'}, node/raw ${raw?.count ? (node.count / raw.count).toFixed(2) : 'n/a'}`,
      `${''.padEnd(11)} cores per stream: node ${f2(nodeCost)} (main thread ${f2(main)}, ffmpeg ${f2(ffmpeg)}), its client ${f2(clientCost)}; raw ${f2(rawCost)}${Number.isFinite(rawClientCost) ? `, its client ${f2(rawClientCost)}` : ''}`,
      `${''.padEnd(11)} streams per core by CPU cost: node ${perCore(nodeCost)} (with its client ${perCore(nodeCost + clientCost)}), raw ${perCore(rawCost)}${Number.isFinite(rawClientCost) ? ` (with its client ${perCore(rawCost + rawClientCost)})` : ''}; raw/node cost ${f2(rawCost / nodeCost)}`,
    )
  }
} finally {
  const left = runningFfmpegPids()
  if (left.length) console.warn(`ffmpeg still running: ${left.join(', ')}`)
}
console.log('')
for (const line of summary) console.log(line)
