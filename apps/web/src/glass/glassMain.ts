/**
 * Glass-to-glass latency page (used by `npm run bench:glass`): draws frame-stamped video on a
 * canvas, streams it over WHIP to `?orchestrator=` with `?pipeline=` (JSON spec), reads the
 * stamps back from the returned video and publishes per-frame round trips as `window.glassResult`.
 */
import { StreamSession } from '../session/StreamSession.ts'
import { drawStamp, percentile, readStamp, STAMP_BITS } from './frameStamp.ts'

/** What the page publishes when done. */
export type GlassResult = {
  sent: number
  received: number
  rttMs: number[]
  p50: number
  p95: number
  /** What the browser's WebRTC stack did over the run (getStats), to tell runs apart. */
  stats?: GlassStats
  error?: string
}

/** The sent and returned video streams' getStats summary at the end of a run. */
export type GlassStats = {
  /** Resolution and rate the browser encoded at last, and why it limited quality (`cpu`, `bandwidth`, `none`). */
  sent: { width: number; height: number; fps: number; kbps: number; keyframes: number; limitation: string }
  /** Retransmissions asked of the sender (NACKs) and keyframe requests (PLI) it got. */
  feedback: { nacks: number; plis: number; retransmitted: number }
  /** The returned video: frames decoded and dropped, packets lost, mean jitter-buffer delay in ms. */
  received: { decoded: number; dropped: number; lost: number; jitterBufferMs: number }
}

declare global {
  interface Window {
    glassResult?: GlassResult
  }
}

const params = new URLSearchParams(location.search)
const orchestrator = params.get('orchestrator') ?? 'http://127.0.0.1:8935'
const pipeline = JSON.parse(params.get('pipeline') ?? '{"version":1,"kind":"passthrough"}') as unknown
const seconds = Number(params.get('seconds') ?? 15)
const warmupS = Number(params.get('warmup') ?? 3)

const source = document.getElementById('source') as HTMLCanvasElement
const output = document.getElementById('output') as HTMLVideoElement
const ctx = source.getContext('2d')!
const readCanvas = document.createElement('canvas')
const readCtx = readCanvas.getContext('2d', { willReadFrequently: true })!
const sentAt = new Map<number, number>()
const rtts: number[] = []
let frame = 0
let measuring = false

function draw() {
  const t = performance.now()
  ctx.fillStyle = `hsl(${(frame * 3) % 360} 60% 50%)`
  ctx.fillRect(0, 0, source.width, source.height)
  ctx.fillStyle = '#fff'
  ctx.fillRect(((frame * 4) % (source.width - 40)) + 0, 200, 40, 40)
  const n = frame % (1 << STAMP_BITS)
  drawStamp(ctx, n)
  sentAt.set(n, t)
  frame++
}

function onOutputFrame() {
  const now = performance.now()
  const w = output.videoWidth
  const h = output.videoHeight
  if (w > 0 && h > 0) {
    if (readCanvas.width !== w) readCanvas.width = w
    if (readCanvas.height !== h) readCanvas.height = h
    readCtx.drawImage(output, 0, 0)
    const n = readStamp(readCtx.getImageData(0, 0, w, Math.min(h, 64)).data, w, w / source.width)
    const at = n === undefined ? undefined : sentAt.get(n)
    if (n !== undefined && at !== undefined) {
      if (measuring) rtts.push(now - at)
      sentAt.delete(n)
    }
  }
  output.requestVideoFrameCallback(onOutputFrame)
}

/** Sums up the session's outbound and inbound video stats over `seconds` of sending. */
async function glassStats(pc: RTCPeerConnection, seconds: number): Promise<GlassStats> {
  const out: GlassStats = {
    sent: { width: 0, height: 0, fps: 0, kbps: 0, keyframes: 0, limitation: 'none' },
    feedback: { nacks: 0, plis: 0, retransmitted: 0 },
    received: { decoded: 0, dropped: 0, lost: 0, jitterBufferMs: 0 },
  }
  const report = await pc.getStats()
  report.forEach((r: Record<string, unknown>) => {
    const n = (k: string) => Number(r[k] ?? 0)
    if (r.type === 'outbound-rtp' && r.kind === 'video') {
      out.sent = {
        width: n('frameWidth'),
        height: n('frameHeight'),
        fps: n('framesPerSecond'),
        kbps: Math.round((n('bytesSent') * 8) / 1000 / seconds),
        keyframes: n('keyFramesEncoded'),
        limitation: String(r.qualityLimitationReason ?? 'none'),
      }
      out.feedback = {
        nacks: n('nackCount'),
        plis: n('pliCount'),
        retransmitted: n('retransmittedPacketsSent'),
      }
    }
    if (r.type === 'inbound-rtp' && r.kind === 'video') {
      const emitted = n('jitterBufferEmittedCount')
      out.received = {
        decoded: n('framesDecoded'),
        dropped: n('framesDropped'),
        lost: n('packetsLost'),
        jitterBufferMs: emitted > 0 ? Math.round((n('jitterBufferDelay') / emitted) * 1000) : 0,
      }
    }
  })
  return out
}

async function main() {
  draw()
  const timer = setInterval(draw, 1000 / 30)
  const input = source.captureStream(30)
  const session = new StreamSession({ url: orchestrator, pipeline, input })
  session.events.on('output', (stream) => {
    output.srcObject = stream
    void output.play()
  })
  output.requestVideoFrameCallback(onOutputFrame)
  try {
    await session.start()
    await new Promise((r) => setTimeout(r, warmupS * 1000))
    measuring = true
    const sentBefore = frame
    await new Promise((r) => setTimeout(r, seconds * 1000))
    measuring = false
    window.glassResult = {
      sent: frame - sentBefore,
      received: rtts.length,
      rttMs: rtts,
      p50: percentile(rtts, 50),
      p95: percentile(rtts, 95),
      stats: await glassStats(session.pc, warmupS + seconds),
    }
  } catch (err) {
    window.glassResult = {
      sent: frame,
      received: 0,
      rttMs: [],
      p50: Number.NaN,
      p95: Number.NaN,
      error: String(err),
    }
  } finally {
    clearInterval(timer)
    await session.close()
    document.getElementById('result')!.textContent = JSON.stringify({
      ...window.glassResult,
      rttMs: undefined,
    })
  }
}

void main()
