/**
 * The verification lab: replays, offline and frame-exact, what the browser and the node do with
 * one camera clip, so honest and dishonest scores can be measured on any generated content.
 *
 * camera (ffmpeg lavfi, I420) → input leg (VP8 or H.264 encode + decode: the very frames both the
 * node and the browser decode) → node: ffmpeg `scale=…:flags=bilinear,format=rgb24` (the live
 * decoder's filter) → model chain (onnxruntime-node) → output leg (the live return encoder's
 * settings and bitrate, encode + decode) → returned frame; browser: the same decoded input →
 * `scaleI420ToRgb24` (apps/web) → the same chain → recomputed frame. Dishonest nodes: another
 * model, stale frames (an older output under a newer timestamp), half resolution upscaled.
 *
 * Used by the calibration script (tests/bench/verificationCalibration.ts) and the node-side
 * test (tests/integration/verification/corpus.test.ts).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type InferenceRuntime,
  ModelChain,
  nchwSize,
  nchwToRgb24,
  rgb24ToNchw,
  type StageSpec,
} from '@prism/gpu'
import { h264EncodeArgs, rawInputArgs, vp8EncodeArgs } from '../../../apps/node/src/media/ffmpeg/args.ts'
import { i420ToRgb24, scaleI420ToRgb24 } from '../../../apps/web/src/verification/scaleI420.ts'

/** Generated camera content: an ffmpeg lavfi source for a size. */
export type Content = { name: string; source: (w: number, h: number) => string }

/** The corpus: high detail, noise, text, fast motion, flat colour, bars, cellular automaton. */
export const CONTENTS: Content[] = [
  { name: 'mandelbrot', source: (w, h) => `mandelbrot=size=${w}x${h}:rate=30` },
  { name: 'noise', source: (w, h) => `color=c=gray:s=${w}x${h}:r=30,noise=alls=80:allf=t+u` },
  { name: 'text', source: (w, h) => `testsrc=size=${w}x${h}:rate=30` },
  {
    name: 'motion',
    source: (w, h) => `testsrc2=size=${w}x${h}:rate=30,scroll=horizontal=0.03:vertical=0.02`,
  },
  { name: 'flat', source: (w, h) => `color=c=0x3f7fbf:s=${w}x${h}:r=30` },
  { name: 'bars', source: (w, h) => `smptebars=size=${w}x${h}:rate=30` },
  {
    name: 'life',
    source: (w, h) =>
      `life=size=${w}x${h}:rate=30:mold=10:ratio=0.5:death_color=#202020:life_color=#e0e060,format=yuv420p`,
  },
]

/** A video codec of the live path. */
export type LabCodec = 'VP8' | 'H264'

/** Bytes of an I420 frame. */
export const i420Bytes = (w: number, h: number): number => w * h + 2 * Math.ceil(w / 2) * Math.ceil(h / 2)

function ffmpeg(args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
    input,
    maxBuffer: 1 << 30,
  })
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${r.stderr?.toString()}`)
  return r.stdout
}

function split(buf: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let o = 0; o + size <= buf.length; o += size) out.push(buf.subarray(o, o + size))
  return out
}

function concat(frames: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0))
  let o = 0
  for (const f of frames) {
    out.set(f, o)
    o += f.length
  }
  return out
}

/** `frames` camera frames of `content` at w x h, I420. */
export function generateCamera(content: Content, w: number, h: number, frames: number): Uint8Array[] {
  const raw = ffmpeg([
    '-f',
    'lavfi',
    '-i',
    content.source(w, h),
    '-frames:v',
    String(frames),
    '-pix_fmt',
    'yuv420p',
    '-f',
    'rawvideo',
    'pipe:1',
  ])
  return split(raw, i420Bytes(w, h))
}

/**
 * Encodes then decodes I420 frames, as one codec leg of the live path.
 * @param settings the encoder arguments (`-c:v …`).
 * @returns the decoded frames, I420 at the same size (one per input frame).
 */
export function codecLeg(
  frames: Uint8Array[],
  w: number,
  h: number,
  codec: LabCodec,
  settings: string[],
): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'prism-lab-'))
  const file = join(dir, codec === 'VP8' ? 'leg.ivf' : 'leg.h264')
  try {
    ffmpeg(
      [
        ...rawInputArgs(w, h, 'yuv420p', 30, false),
        ...settings,
        '-f',
        codec === 'VP8' ? 'ivf' : 'h264',
        '-y',
        file,
      ],
      concat(frames),
    )
    const raw = ffmpeg([
      '-i',
      file,
      '-fps_mode',
      'passthrough',
      '-pix_fmt',
      'yuv420p',
      '-f',
      'rawvideo',
      'pipe:1',
    ])
    const out = split(raw, i420Bytes(w, h))
    if (out.length !== frames.length)
      throw new Error(`codec leg returned ${out.length} of ${frames.length} frames`)
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Settings of the browser's sending encoder (input leg), at `kbps`. */
export function inputLegSettings(codec: LabCodec, kbps: number): string[] {
  return codec === 'VP8'
    ? ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', `${kbps}k`, '-g', '3000']
    : [
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-tune',
        'zerolatency',
        '-profile:v',
        'baseline',
        '-b:v',
        `${kbps}k`,
        '-g',
        '3000',
      ]
}

/** Bitrate of the node's return stream for an AI spec size (defineFramePipelineKind). */
export const returnKbps = (w: number, h: number, fps = 30): number =>
  Math.max(300, Math.round((w * h * fps) / 10_000))

/** Settings of the node's return encoder (FramePipeline): the live arguments, 1 s GOP. */
export function outputLegSettings(codec: LabCodec, kbps: number): string[] {
  return codec === 'VP8' ? vp8EncodeArgs(kbps, 30) : h264EncodeArgs('libx264', kbps, 30, true)
}

/** The node's decoder scaling: ffmpeg `scale=W:H:flags=bilinear,format=rgb24` of decoded I420. */
export function nodeScale(frames: Uint8Array[], w: number, h: number, sw: number, sh: number): Uint8Array[] {
  const raw = ffmpeg(
    [
      '-f',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
      '-s',
      `${w}x${h}`,
      '-i',
      'pipe:0',
      '-vf',
      `scale=${sw}:${sh}:flags=bilinear,format=rgb24`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    concat(frames),
  )
  return split(raw, sw * sh * 3)
}

/** rgb24 frames to I420 with ffmpeg's default conversion (the return encoder's `format=yuv420p`). */
export function rgbToI420(frames: Uint8Array[], w: number, h: number): Uint8Array[] {
  const raw = ffmpeg(
    [
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${w}x${h}`,
      '-i',
      'pipe:0',
      '-vf',
      'format=yuv420p',
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    concat(frames),
  )
  return split(raw, i420Bytes(w, h))
}

/** Bilinear rescale of rgb24 frames with ffmpeg (a cheating node's half-resolution output). */
export function rescaleRgb(frames: Uint8Array[], w: number, h: number, dw: number, dh: number): Uint8Array[] {
  const raw = ffmpeg(
    [
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${w}x${h}`,
      '-i',
      'pipe:0',
      '-vf',
      `scale=${dw}:${dh}:flags=bilinear`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    concat(frames),
  )
  return split(raw, dw * dh * 3)
}

/** Runs a chain on rgb24 frames (one chain, frames in order). */
export async function runChain(
  runtime: InferenceRuntime,
  stages: StageSpec[],
  frames: Uint8Array[],
  w: number,
  h: number,
): Promise<Uint8Array[]> {
  const chain = await ModelChain.create(runtime, { width: w, height: h, stages })
  const input = new Float32Array(nchwSize(w, h))
  const output = new Float32Array(nchwSize(w, h))
  const out: Uint8Array[] = []
  try {
    for (const f of frames) {
      rgb24ToNchw(f, w, h, input)
      await chain.run(input, output)
      const rgb = new Uint8Array(w * h * 3)
      nchwToRgb24(output, w, h, rgb)
      out.push(rgb)
    }
  } finally {
    await chain.close()
  }
  return out
}

/** The node's return leg for processed rgb24 frames: encode, decode, convert as the browser does. */
export function returnLeg(frames: Uint8Array[], w: number, h: number, codec: LabCodec): Uint8Array[] {
  const yuv = rgbToI420(frames, w, h)
  return codecLeg(yuv, w, h, codec, outputLegSettings(codec, returnKbps(w, h))).map((f) =>
    i420ToRgb24({ data: f, width: w, height: h }),
  )
}

/** One camera clip after the input leg: the decoded frames both sides start from. */
export type LabClip = {
  content: string
  camera: { width: number; height: number }
  codec: LabCodec
  /** Decoded input frames, I420 at the camera size. */
  decoded: Uint8Array[]
}

/** Generates a clip of `content` and passes it through the input leg. */
export function makeClip(
  content: Content,
  camera: { width: number; height: number },
  codec: LabCodec,
  frames: number,
  inputKbps = 1500,
): LabClip {
  const raw = generateCamera(content, camera.width, camera.height, frames)
  const decoded = codecLeg(raw, camera.width, camera.height, codec, inputLegSettings(codec, inputKbps))
  return { content: content.name, camera, codec, decoded }
}

/** The browser's view of a clip at an AI spec size: its own scaling of the decoded frames. */
export function browserInput(clip: LabClip, sw: number, sh: number): Uint8Array[] {
  const { width, height } = clip.camera
  return clip.decoded.map((d) => scaleI420ToRgb24({ data: d, width, height }, sw, sh))
}

/** The node's view of a clip at an AI spec size: ffmpeg's scaling of the decoded frames. */
export function nodeInput(clip: LabClip, sw: number, sh: number): Uint8Array[] {
  return nodeScale(clip.decoded, clip.camera.width, clip.camera.height, sw, sh)
}

/** Reads a file (for debugging dumps). */
export const readBytes = (p: string): Uint8Array => new Uint8Array(readFileSync(p))

/** A chain measured by the lab, with a short name. */
export type LabChain = { name: string; stages: StageSpec[] }

/** Per-scale scores (frameScores) of one returned stream against the recomputation, per frame. */
export type FrameScoreList = number[][]

/** What the lab measured for one chain on one clip. */
export type ChainMeasure = {
  chain: string
  /** Difficulty (frameDifficulty) of each compared recomputed frame. */
  difficulty: Array<{ detail: number; motion: number }>
  /** Honest node: returned frame t against recompute(t). */
  honest: FrameScoreList
  /** Dishonest nodes, by kind: the same comparison with what they return. */
  dishonest: Record<string, FrameScoreList>
  /**
   * The same dishonest outputs before the return codec: near 1 at every score when a cheat
   * makes (almost) the honest picture anyway (e.g. stale frames of a still scene).
   */
  dishonestClean: Record<string, FrameScoreList>
}

/** Options of {@link measureClip}. */
export type MeasureOptions = {
  runtime: InferenceRuntime
  clip: LabClip
  spec: { width: number; height: number }
  chains: LabChain[]
  /** Models whose default-parameter output a wrong-model node returns (all built-ins). */
  wrongModels: string[]
  /** Frames compared (indexes into the clip; later frames: the encoders have settled). */
  frames: number[]
  /** How many frames old a stale node's output is. Default: 5. */
  staleBy?: number
  /** Scores a pair (frameScores of apps/web). */
  score: (local: Uint8Array, returned: Uint8Array, w: number, h: number) => number[]
  /** Difficulty of a recomputed frame, with its input and the previous one (frameDifficulty of apps/web). */
  difficulty: (
    local: Uint8Array,
    w: number,
    h: number,
    motion: { input: Uint8Array; previous: Uint8Array },
  ) => { detail: number; motion: number }
  /** Measure the dishonest nodes too. Default: true. */
  dishonest?: boolean
}

/**
 * Measures honest and dishonest scores of each chain on one clip: the recomputation runs on the
 * browser's view of the decoded input, the nodes' outputs on the node's view, through the return
 * leg. Dishonest kinds: `wrong:<model>` (that model at its defaults instead of the chain),
 * `identity` (the input unprocessed), `stale` (the output of an older frame), `half` (the chain
 * at half resolution, upscaled).
 */
export async function measureClip(o: MeasureOptions): Promise<ChainMeasure[]> {
  const { width: sw, height: sh } = o.spec
  const staleBy = o.staleBy ?? 5
  const xb = browserInput(o.clip, sw, sh)
  const xn = nodeInput(o.clip, sw, sh)
  const codec = o.clip.codec
  const wrongOut = new Map<string, { clean: Uint8Array[]; out: Uint8Array[] }>()
  let identity: Uint8Array[] | undefined
  let xnHalf: Uint8Array[] | undefined
  if (o.dishonest ?? true) {
    for (const m of o.wrongModels) {
      const clean = await runChain(o.runtime, [{ model: m, params: {} }], xn, sw, sh)
      wrongOut.set(m, { clean, out: returnLeg(clean, sw, sh, codec) })
    }
    identity = returnLeg(xn, sw, sh, codec)
    xnHalf = nodeInput(o.clip, sw / 2, sh / 2)
  }
  const results: ChainMeasure[] = []
  for (const chain of o.chains) {
    const local = await runChain(o.runtime, chain.stages, xb, sw, sh)
    const honestClean = await runChain(o.runtime, chain.stages, xn, sw, sh)
    const honestOut = returnLeg(honestClean, sw, sh, codec)
    const against = (out: Uint8Array[], lag = 0) =>
      o.frames.map((t) => o.score(local[t]!, out[t - lag]!, sw, sh))
    const dishonest: Record<string, FrameScoreList> = {}
    const dishonestClean: Record<string, FrameScoreList> = {}
    const add = (kind: string, clean: Uint8Array[], out: Uint8Array[], lag = 0) => {
      dishonest[kind] = against(out, lag)
      dishonestClean[kind] = against(clean, lag)
    }
    if (identity && xnHalf) {
      const own = chain.stages.length === 1 ? chain.stages[0]!.model : undefined
      for (const [m, w] of wrongOut) if (m !== own) add(`wrong:${m}`, w.clean, w.out)
      add('identity', xn, identity)
      add('stale', honestClean, honestOut, staleBy)
      const half = rescaleRgb(
        await runChain(o.runtime, chain.stages, xnHalf, sw / 2, sh / 2),
        sw / 2,
        sh / 2,
        sw,
        sh,
      )
      add('half', half, returnLeg(half, sw, sh, codec))
    }
    results.push({
      chain: chain.name,
      difficulty: o.frames.map((t) =>
        o.difficulty(local[t]!, sw, sh, { input: xb[t]!, previous: xb[t - 1]! }),
      ),
      honest: against(honestOut),
      dishonest,
      dishonestClean,
    })
  }
  return results
}
