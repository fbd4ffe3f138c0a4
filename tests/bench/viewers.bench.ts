/**
 * bench:viewers — CPU per WHEP viewer, and viewers held before frames drop, through the node
 * (a passthrough WHIP session, its output fanned out by the orchestrator's mediasoup media plane)
 * versus a raw mediasoup fan-out of the same stream (a bare worker, one router, a PlainTransport
 * producer fed the RTP from this process, viewers as WebRtcTransport consumers), in one run.
 *
 * - source: ffmpeg testsrc2 640x360 30 fps, libx264 zerolatency 1500 kb/s (the WHIP client's
 *   settings), for both paths: into the node over WHIP (tests/helpers/whip/WhipClient.ts), and
 *   for the raw fan-out over loopback UDP into this process, which feeds the producer.
 * - viewers: headless werift WHEP viewers (H.264, loopback ICE) in one child process
 *   (whepViewerFarm.ts), added `--step` at a time up to `--max`. After each step, once every
 *   viewer has frames, a `--window` s window measures each viewer's received fps against the
 *   source's, and CPU (user + system, /proc/<pid>/stat) of the mediasoup worker(s), of this
 *   process (the node, or the raw feeder) and of the viewer process. A step where a viewer's fps
 *   is under 90% of the source's ends the ramp.
 * - per viewer: least-squares slope of CPU ms per second against viewers over the steps held.
 *
 * The viewers are JavaScript (werift: ICE, DTLS, SRTP) on the same 2 cores as the node and the
 * workers; they cost far more CPU than the fan-out, so on a small machine they, not mediasoup,
 * set the number held. "Viewers per worker core" is the projection 1000 / (worker ms/s per viewer).
 *
 * Usage: npm run bench:viewers [-- --max 100 --step 10 --window 5 --paths raw,prism] (paths run in
 * the order given)
 */
import { type ChildProcess, fork } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { FfmpegProcess, h264EncodeArgs, RtpSource, rtpOutputArgs } from '@prism/node'
import { startTestOrchestrator } from '../helpers/orchestrator.ts'
import { WhipClient } from '../helpers/whip/WhipClient.ts'
import { procCpuMs, startRawFanout } from './mediasoupBench.ts'
import type { FarmCommand, FarmReply } from './whepViewerFarm.ts'

const { values } = parseArgs({
  options: {
    max: { type: 'string', default: '100' },
    step: { type: 'string', default: '10' },
    window: { type: 'string', default: '5' },
    paths: { type: 'string', default: 'raw,prism' },
  },
})
const PATHS = new Set(values.paths.split(','))
const MAX = Math.max(1, Number(values.max))
const STEP = Math.max(1, Number(values.step))
const WINDOW_S = Math.max(1, Number(values.window))
const HOLD = 0.9
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The viewer process, one request at a time. */
class Farm {
  readonly child: ChildProcess
  #next = 0
  readonly #pending = new Map<number, (r: FarmReply) => void>()

  constructor() {
    this.child = fork(fileURLToPath(new URL('./whepViewerFarm.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    this.child.on('message', (r: FarmReply) => {
      this.#pending.get(r.id)?.(r)
      this.#pending.delete(r.id)
    })
    this.child.on('exit', (code) => {
      for (const [id, resolve] of this.#pending) resolve({ id, error: `exited (${code})` })
      this.#pending.clear()
    })
  }

  async request(req: FarmCommand): Promise<FarmReply> {
    const id = this.#next++
    const reply = await new Promise<FarmReply>((resolve) => {
      this.#pending.set(id, resolve)
      this.child.send({ ...req, id })
    })
    if (reply.error) throw new Error(`viewer process: ${reply.error}`)
    return reply
  }

  close(): void {
    this.child.disconnect()
  }
}

/** One step of a ramp: rates over the window. */
type Step = {
  viewers: number
  sourceFps: number
  minFps: number
  meanFps: number
  /** CPU ms per second of wall time. */
  workerMs: number
  nodeMs: number
  viewerProcMs: number
  held: boolean
}

type Path = {
  name: string
  url: string
  stream: string
  workerPids: () => number[]
  sourceFrames: () => number
}

/** Least-squares slope of y against x (NaN under two points). */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length
  if (n < 2) return Number.NaN
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my)
    den += (xs[i]! - mx) ** 2
  }
  return den === 0 ? Number.NaN : num / den
}

async function ramp(farm: Farm, path: Path): Promise<{ steps: Step[]; stop: string }> {
  const steps: Step[] = []
  const farmPid = farm.child.pid!
  let stop = `reached --max ${MAX} with no drop`
  for (let n = 0; ; n = Math.min(MAX, n + STEP)) {
    const have = steps.at(-1)?.viewers ?? 0
    if (n > have) {
      const { statuses = [] } = await farm.request({
        type: 'add',
        url: path.url,
        stream: path.stream,
        n: n - have,
      })
      const refused = statuses.filter((s) => s !== 201)
      if (refused.length > 0) {
        stop = `${refused.length} viewer POSTs refused (${refused[0]}) at ${n}`
        break
      }
      // every viewer receiving (joins wait for a keyframe: one a second), then a moment more
      const until = Date.now() + 30_000
      while (Date.now() < until) {
        const { frames = [] } = await farm.request({ type: 'frames' })
        if (frames.every((f) => f > 0)) break
        await sleep(250)
      }
      await sleep(2000)
    }
    const cpu = () => ({
      worker: path.workerPids().reduce((a, pid) => a + procCpuMs(pid), 0),
      node: procCpuMs(process.pid),
      farm: procCpuMs(farmPid),
    })
    const f0 = (await farm.request({ type: 'frames' })).frames ?? []
    const c0 = cpu()
    const s0 = path.sourceFrames()
    const t0 = performance.now()
    await sleep(WINDOW_S * 1000)
    const f1 = (await farm.request({ type: 'frames' })).frames ?? []
    const c1 = cpu()
    const s1 = path.sourceFrames()
    const secs = (performance.now() - t0) / 1000
    const fps = f1.map((f, i) => (f - (f0[i] ?? 0)) / secs)
    const sourceFps = (s1 - s0) / secs
    const step: Step = {
      viewers: n,
      sourceFps,
      minFps: fps.length ? Math.min(...fps) : Number.NaN,
      meanFps: fps.length ? fps.reduce((a, b) => a + b, 0) / fps.length : Number.NaN,
      workerMs: (c1.worker - c0.worker) / secs,
      nodeMs: (c1.node - c0.node) / secs,
      viewerProcMs: (c1.farm - c0.farm) / secs,
      held: n === 0 || Math.min(...fps) >= HOLD * sourceFps,
    }
    steps.push(step)
    console.log(
      `${path.name.padEnd(14)} ${String(n).padStart(4)} viewers: source ${sourceFps.toFixed(1)} fps, viewers min ${step.minFps.toFixed(1)} mean ${step.meanFps.toFixed(1)} fps; CPU ms/s worker ${step.workerMs.toFixed(1)}, node ${step.nodeMs.toFixed(1)}, viewers ${step.viewerProcMs.toFixed(1)}; load ${loadavg()[0]!.toFixed(1)}${step.held ? '' : '  <- dropped'}`,
    )
    if (!step.held) {
      stop = `a viewer under ${HOLD * 100}% of the source's fps at ${n}`
      break
    }
    if (n >= MAX) break
  }
  await farm.request({ type: 'closeAll' })
  return { steps, stop }
}

type Summary = {
  held: number
  stop: string
  worker: number
  node: number
  viewerProc: number
  /** Cores busy (worker, node and viewer processes) at the last step held. */
  cores: number
  /** This process's mean CPU ms per second over the steps held (the stream's own cost). */
  nodeMean: number
}

function summarize({ steps, stop }: { steps: Step[]; stop: string }): Summary {
  const ok = steps.filter((s) => s.held)
  const x = ok.map((s) => s.viewers)
  const last = ok.at(-1)
  return {
    held: Math.max(0, ...x),
    stop,
    worker: slope(
      x,
      ok.map((s) => s.workerMs),
    ),
    node: slope(
      x,
      ok.map((s) => s.nodeMs),
    ),
    viewerProc: slope(
      x,
      ok.map((s) => s.viewerProcMs),
    ),
    cores: last ? (last.workerMs + last.nodeMs + last.viewerProcMs) / 1000 : Number.NaN,
    nodeMean: ok.reduce((a, s) => a + s.nodeMs, 0) / ok.length,
  }
}

const SOURCE = { width: 640, height: 360, fps: 30 }
console.log(
  `bench:viewers — testsrc2 ${SOURCE.width}x${SOURCE.height} ${SOURCE.fps} fps H.264, werift viewers in one child process, steps of ${STEP} up to ${MAX}, ${WINDOW_S} s windows`,
)
const farm = new Farm()
let raw: Summary | undefined
let prism: Summary | undefined
try {
  // in the order given (the machine's load drifts: swapping the order shows how much)
  for (const p of PATHS) {
    if (p === 'raw') raw = await rawPath()
    else if (p === 'prism') prism = await prismPath()
  }
} finally {
  farm.close()
}

/** The raw baseline: ffmpeg -> this process -> PlainTransport producer -> consumers. */
async function rawPath(): Promise<Summary> {
  const fanout = await startRawFanout()
  let rawFrames = 0
  const rtp = await RtpSource.open((pkt) => {
    if (pkt[1]! & 0x80) rawFrames++
    fanout.feed(pkt)
  })
  const source = new FfmpegProcess({
    name: 'bench/source',
    args: [
      ...['-re', '-f', 'lavfi', '-i', `testsrc2=size=${SOURCE.width}x${SOURCE.height}:rate=${SOURCE.fps}`],
      '-an',
      ...h264EncodeArgs('libx264', 1500, SOURCE.fps, true),
      ...['-bsf:v', 'dump_extra'],
      ...rtpOutputArgs(rtp.port),
    ],
  })
  try {
    await sleep(1000)
    return summarize(
      await ramp(farm, {
        name: 'raw mediasoup',
        url: fanout.url,
        stream: 'raw',
        workerPids: () => [fanout.workerPid],
        sourceFrames: () => rawFrames,
      }),
    )
  } finally {
    await source.close()
    rtp.close()
    await fanout.close()
  }
}

/** The node: a WHIP passthrough session, WHEP viewers on its media plane (one worker, as the raw one). */
async function prismPath(): Promise<Summary> {
  const node = await startTestOrchestrator({
    monitor: false,
    orchestrator: { maxSessions: 1, mediaPlane: { workers: 1, maxViewers: MAX } },
  })
  try {
    // on a loaded machine a WHIP peer now and then fails to connect: try again
    let client: WhipClient | undefined
    for (let attempt = 1; !client; attempt++) {
      try {
        client = await WhipClient.connect({
          url: node.url,
          streamId: 'viewers',
          pipeline: { kind: 'passthrough' },
          decode: false,
          source: { type: 'testsrc', ...SOURCE },
        })
      } catch (err) {
        if (attempt >= 3) throw err
        console.log(`WHIP client did not connect (${String(err)}); again`)
      }
    }
    try {
      await client.waitForFrames(30)
      return summarize(
        await ramp(farm, {
          name: 'prism WHEP',
          url: node.url,
          stream: 'viewers',
          workerPids: () => node.orchestrator.mediaPlane!.pool.entries.map((e) => e.worker.pid),
          sourceFrames: () => client.stats.framesSent,
        }),
      )
    } finally {
      await client.close()
    }
  } finally {
    await node.close()
  }
}

const ms = (v: number) => `${v.toFixed(2)} ms/s`
const row = (name: string, s: Summary) =>
  `${name.padEnd(14)} held ${String(s.held).padStart(4)}   worker ${ms(s.worker).padStart(11)}   node ${ms(s.node).padStart(11)}   viewer process ${ms(s.viewerProc).padStart(11)}   viewers per worker core ${(1000 / s.worker).toFixed(0).padStart(6)}   held per busy core ${(s.held / s.cores).toFixed(1)} (${s.cores.toFixed(2)} cores)   node per stream ${ms(s.nodeMean)}   (stop: ${s.stop})`
const ratio = (a: number, b: number) => (a / b).toFixed(2)
console.log('\nCPU per viewer (slope of CPU ms per second over the steps held; /proc ticks are 10 ms):')
if (raw) console.log(row('raw mediasoup', raw))
if (prism) console.log(row('prism WHEP', prism))
if (raw && prism)
  console.log(
    `ratio prism/raw: viewers held ${ratio(prism.held, raw.held)}, worker CPU per viewer ${ratio(prism.worker, raw.worker)}, viewer-process CPU per viewer ${ratio(prism.viewerProc, raw.viewerProc)}, node CPU per stream ${ratio(prism.nodeMean, raw.nodeMean)} (node CPU per viewer is noise around 0 in both: the per-viewer work is the worker's)`,
  )
console.log(
  'note: the werift viewers run in JavaScript on the same 2 cores as the node and the worker, at several times the worker\'s CPU per viewer: they, and the machine\'s other load, not the fan-out, set "held" here. "Viewers per worker core" is the projection 1000 / worker ms/s per viewer.',
)
