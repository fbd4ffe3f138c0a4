/**
 * The node labels each returned frame with the RTP timestamp of the input frame it was computed
 * from (FramePipeline: InputTimestamps through the ffmpeg decoder, ReturnTimestamps on the return
 * encoder), on real ffmpeg for both codecs of the live path. The camera is an ffmpeg clip whose
 * every frame shows its own number as four stripes; a slow stage makes the node drop frames. Each
 * returned frame is decoded and its number read: it must be the number of the input frame whose
 * timestamp it carries. Halfway the camera changes resolution (as WebRTC senders do while their
 * bandwidth ramps up), which makes ffmpeg rebuild its filters.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FramePipeline } from '../../../apps/node/src/orchestrator/pipelines/FramePipeline.ts'
import type { FrameStage } from '../../../apps/node/src/orchestrator/pipelines/StageTypes.ts'
import { ivf, rtpToFrames } from './rtpFrames.ts'

const W = 64
const H = 48
const FPS = 30
const STEP = 90_000 / FPS
/** Frames of each half of the clip; numbers repeat every 256 frames (4 stripes of base-4 digits). */
const FRAMES = 60
/** The camera sizes of the two halves. */
const SIZES = [
  [W, H],
  [96, 72],
] as const

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prism-rts-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The frame number a decoded grey frame shows. */
function numberOf(gray: Uint8Array): number {
  let n = 0
  for (let stripe = 3; stripe >= 0; stripe--) {
    let sum = 0
    let count = 0
    for (let y = 8; y < H - 8; y++)
      for (let x = stripe * 16 + 4; x < stripe * 16 + 12; x++) {
        sum += gray[y * W + x]!
        count++
      }
    n = n * 4 + Math.min(3, Math.max(0, Math.round(sum / count / 85)))
  }
  return n
}

function decodeGray(file: string): Uint8Array[] {
  const r = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      file,
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
    { maxBuffer: 1 << 28 },
  )
  const out: Uint8Array[] = []
  for (let o = 0; o + W * H <= r.stdout.length; o += W * H) out.push(r.stdout.subarray(o, o + W * H))
  return out
}

async function run(
  codec: 'VP8' | 'H264',
): Promise<{ inputs: Map<number, number>; frames: Array<{ ts: number; n: number }> }> {
  const sock = createSocket('udp4')
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()))
  // A slow stage (about 3 frame intervals per frame): the node drops frames, as under load.
  const stage: FrameStage = {
    processInput: async (f) => {
      await new Promise((r) => setTimeout(r, 100))
      return [f]
    },
    toJSON: () => ({ name: 'slow', framesIn: 0, framesOut: 0, meanMs: 0 }),
  }
  const pipeline = new FramePipeline({
    kind: 'ai',
    format: 'rgb24',
    width: W,
    height: H,
    fps: FPS,
    stage,
    returnOutput: { name: 'ai', width: W, height: H, kbps: 300, counted: true },
    ctx: {
      sessionId: 's',
      streamId: `rts-${codec}`,
      codec,
      encoder: 'libx264',
      hlsDir: join(dir, 'hls'),
      sendControlEvent: () => {},
      maxQueuedFrames: 2,
    },
  })
  const out: Buffer[] = []
  pipeline.on('outputrtp', (p) => out.push(Buffer.from(p)))
  const inputs = new Map<number, number>() // input RTP timestamp → frame number
  // The two halves come from two encoders: the relay continues the first one's sequence numbers
  // and clock, as one camera whose resolution changed.
  let part = 0
  let base: number | undefined
  let seq = 0
  sock.on('message', (p) => {
    const own = p.readUInt32BE(4)
    base ??= own
    const n = part * FRAMES + Math.round(((own - base) >>> 0) / STEP)
    const ts = (1_000_000 + n * STEP) >>> 0
    p.writeUInt32BE(ts, 4)
    p.writeUInt16BE(seq++ & 0xffff, 2)
    inputs.set(ts, n)
    pipeline.handleRtp(p)
  })
  await pipeline.start()
  for (const [i, [w, h]] of SIZES.entries()) {
    part = i
    base = undefined
    const digits = `mod(floor((N+${i * FRAMES})/pow(4,floor(X*4/W))),4)`
    const source: ChildProcess = spawn('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi'],
      ...['-i', `nullsrc=s=${w}x${h}:r=${FPS},geq=lum='16+73*${digits}':cb=128:cr=128`],
      ...['-frames:v', String(FRAMES)],
      ...(codec === 'VP8'
        ? ['-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '500k', '-g', '15']
        : ['-c:v', 'libx264', '-profile:v', 'baseline', '-tune', 'zerolatency', '-g', '15']),
      ...['-f', 'rtp', '-payload_type', '96', `rtp://127.0.0.1:${sock.address().port}?pkt_size=1200`],
    ])
    await new Promise((r) => source.once('exit', r))
  }
  await new Promise((r) => setTimeout(r, 1000))
  await pipeline.close()
  sock.close()
  const frames = rtpToFrames(out, codec)
  const file = join(dir, codec === 'VP8' ? 'out.ivf' : 'out.h264')
  writeFileSync(file, codec === 'VP8' ? ivf(frames, W, H) : Buffer.concat(frames.map((f) => f.data)))
  const gray = decodeGray(file)
  expect(gray.length).toBe(frames.length)
  return { inputs, frames: frames.map((f, i) => ({ ts: f.ts, n: numberOf(gray[i]!) })) }
}

describe('returned frames carry the RTP timestamp of the input frame they come from', () => {
  for (const codec of ['VP8', 'H264'] as const) {
    it(`${codec}: every labelled frame shows the input frame of its timestamp`, async () => {
      const { inputs, frames } = await run(codec)
      // the node dropped frames under load, yet returned a steady share of them
      expect(frames.length).toBeGreaterThan(15)
      expect(frames.length).toBeLessThan(2 * FRAMES)
      // both halves came back, the second after ffmpeg rebuilt its filters for the new size
      expect(frames.some((f) => (inputs.get(f.ts) ?? 0) > FRAMES + 10)).toBe(true)
      // timestamps only grow
      for (let i = 1; i < frames.length; i++)
        expect((frames[i]!.ts - frames[i - 1]!.ts) >>> 0).toBeLessThan(2 ** 31)
      const labelled = frames.filter((f) => inputs.has(f.ts))
      // only the first frames, before the decoder's clock is matched, may lack a real label
      expect(labelled.length).toBeGreaterThanOrEqual(frames.length - 3)
      const wrong = labelled.filter((f) => f.n !== inputs.get(f.ts)! % 256)
      expect(wrong, JSON.stringify(frames.map((f) => [inputs.get(f.ts), f.n]))).toEqual([])
      const unlabelled = frames.findIndex((f) => !inputs.has(f.ts))
      if (unlabelled >= 0) expect(unlabelled).toBeLessThan(3)
    }, 60_000)
  }
})
