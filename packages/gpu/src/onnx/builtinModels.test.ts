/**
 * Every built-in model run by the node adapter (onnxruntime-node, CPU) against a plain TypeScript
 * reference of the same operation on tiny images. Tolerance: 1e-4 absolute per element (float32
 * runtime vs float64 reference).
 */
import { type InferenceRuntime, ModelChain } from '@prism/gpu'
import { createNodeRuntime } from '@prism/gpu/node'
import {
  BLUR_MAX_RADIUS,
  BUILTIN_MODELS,
  EMBOSS_KERNEL,
  listBuiltinModels,
  PENCIL_BLUR,
  SEPIA_MATRIX,
  SHARPEN_BLUR,
  SOBEL,
  TOON_EDGE_GAIN,
  TOON_EDGE_OFFSET,
} from '@prism/gpu/onnx'
import { beforeAll, describe, expect, it } from 'vitest'

const TOLERANCE = 1e-4

/** A tiny NCHW image, 1x3xHxW. */
type Img = { c: number; h: number; w: number; d: Float64Array }

function makeImage(c: number, h: number, w: number, seed: number): Img {
  let s = seed >>> 0
  const d = new Float64Array(c * h * w)
  for (let i = 0; i < d.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    d[i] = Math.fround(s / 2 ** 32)
  }
  return { c, h, w, d }
}

const at = (img: Img, c: number, y: number, x: number): number => {
  const yy = Math.min(Math.max(y, 0), img.h - 1)
  const xx = Math.min(Math.max(x, 0), img.w - 1)
  return img.d[(c * img.h + yy) * img.w + xx]!
}

function map(img: Img, c: number, fn: (c: number, y: number, x: number) => number): Img {
  const d = new Float64Array(c * img.h * img.w)
  for (let k = 0; k < c; k++) {
    for (let y = 0; y < img.h; y++)
      for (let x = 0; x < img.w; x++) d[(k * img.h + y) * img.w + x] = fn(k, y, x)
  }
  return { c, h: img.h, w: img.w, d }
}

const clip = (v: number, lo = 0, hi = 1) => Math.min(Math.max(v, lo), hi)
const lerp = (a: number, b: number, t: number) => a + (b - a) * t
const luma = (img: Img) =>
  map(img, 1, (_, y, x) => 0.299 * at(img, 0, y, x) + 0.587 * at(img, 1, y, x) + 0.114 * at(img, 2, y, x))
const conv = (img: Img, k: readonly (readonly number[])[]) => {
  const ry = (k.length - 1) / 2
  const rx = (k[0]!.length - 1) / 2
  return map(img, img.c, (c, y, x) => {
    let s = 0
    for (let i = 0; i < k.length; i++)
      for (let j = 0; j < k[0]!.length; j++) s += k[i]![j]! * at(img, c, y + i - ry, x + j - rx)
    return s
  })
}

/** TypeScript references, one per built-in model. */
const REFERENCES: Record<string, (x: Img, p: Record<string, number>) => Img> = {
  sepia: (x, p) =>
    map(x, 3, (c, y, xx) => {
      const m = SEPIA_MATRIX[c]!
      const toned = clip(m[0] * at(x, 0, y, xx) + m[1] * at(x, 1, y, xx) + m[2] * at(x, 2, y, xx))
      return clip(lerp(at(x, c, y, xx), toned, p.strength!))
    }),
  grade: (x, p) => {
    const y = map(x, 3, (c, yy, xx) => (at(x, c, yy, xx) - 0.5) * p.contrast! + 0.5 + p.brightness!)
    const l = luma(y)
    return map(x, 3, (c, yy, xx) => clip(lerp(at(l, 0, yy, xx), at(y, c, yy, xx), p.saturation!)))
  },
  blur: (x, p) => {
    const sigma = Math.max(p.radius! / 2, 0.05)
    const w = Array.from({ length: 2 * BLUR_MAX_RADIUS + 1 }, (_, k) =>
      Math.exp(-((k - BLUR_MAX_RADIUS) ** 2) / (2 * sigma * sigma)),
    )
    const sum = w.reduce((a, b) => a + b, 0)
    const n = w.map((v) => v / sum)
    return conv(
      conv(x, [n]),
      n.map((v) => [v]),
    )
  },
  sharpen: (x, p) => {
    const b = conv(x, SHARPEN_BLUR)
    return map(x, 3, (c, y, xx) => clip(at(x, c, y, xx) + p.amount! * (at(x, c, y, xx) - at(b, c, y, xx))))
  },
  emboss: (x, p) => {
    const e = conv(luma(x), EMBOSS_KERNEL)
    return map(x, 3, (c, y, xx) => clip(lerp(at(x, c, y, xx), 0.5 + at(e, 0, y, xx), p.strength!)))
  },
  toon: (x, p) => {
    const n = Math.max(Math.floor(p.levels! + 0.5), 2) - 1
    const l = luma(x)
    const gx = conv(l, SOBEL[0])
    const gy = conv(l, SOBEL[1])
    return map(x, 3, (c, y, xx) => {
      const q = Math.floor(at(x, c, y, xx) * n + 0.5) / n
      const m = Math.hypot(at(gx, 0, y, xx), at(gy, 0, y, xx))
      const e = clip(m * TOON_EDGE_GAIN - TOON_EDGE_OFFSET)
      return q * (1 - p.strength! * e)
    })
  },
  pencil: (x, p) => {
    const l = luma(x)
    const b = conv(
      map(l, 1, (_, y, xx) => 1 - at(l, 0, y, xx)),
      PENCIL_BLUR,
    )
    return map(x, 3, (c, y, xx) => {
      const dodge = Math.min(at(l, 0, y, xx) / Math.max(1 - at(b, 0, y, xx), 0.001), 1)
      return lerp(at(x, c, y, xx), dodge ** p.darkness!, p.strength!)
    })
  },
  pixelate: (x, p) => {
    const b = Math.max(Math.floor(p.block!), 1)
    return map(x, 3, (c, y, xx) => at(x, c, Math.floor(y / b) * b, Math.floor(xx / b) * b))
  },
}

/** Parameter sets per model: defaults, plus the extremes of each range. */
function paramCases(id: string): Record<string, number>[] {
  const def = BUILTIN_MODELS.get(id)!
  const defaults = Object.fromEntries(def.params.map((p) => [p.name, p.default]))
  const cases = [defaults]
  for (const p of def.params) {
    cases.push({ ...defaults, [p.name]: p.min }, { ...defaults, [p.name]: p.max })
  }
  return cases
}

async function runModel(runtime: InferenceRuntime, id: string, x: Img, params: Record<string, number>) {
  const chain = await ModelChain.create(runtime, {
    width: x.w,
    height: x.h,
    stages: [{ model: `builtin:${id}`, params }],
  })
  const output = new Float32Array(x.d.length)
  await chain.run(Float32Array.from(x.d), output)
  await chain.close()
  return output
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

describe('built-in models vs TypeScript references (node adapter, CPU)', () => {
  let runtime: InferenceRuntime
  beforeAll(async () => {
    runtime = await createNodeRuntime({ log: () => {} })
  })

  it('has at least six models, each with a reference', () => {
    const ids = listBuiltinModels().map((m) => m.id)
    expect(ids.length).toBeGreaterThanOrEqual(6)
    expect(ids.sort()).toEqual(Object.keys(REFERENCES).sort())
  })

  for (const id of Object.keys(REFERENCES)) {
    it(`${id} matches its reference within ${TOLERANCE} for default and extreme parameters`, async () => {
      const x = makeImage(3, 6, 9, id.length * 7919)
      for (const params of paramCases(id)) {
        const got = await runModel(runtime, id, x, params)
        const want = REFERENCES[id]!(x, params)
        expect(maxDiff(got, want.d), `${id} ${JSON.stringify(params)}`).toBeLessThan(TOLERANCE)
      }
    })
  }

  it('a model changes its input for its default parameters (no model is the identity)', async () => {
    const x = makeImage(3, 16, 16, 42)
    for (const id of BUILTIN_MODELS.keys()) {
      const defaults = Object.fromEntries(BUILTIN_MODELS.get(id)!.params.map((p) => [p.name, p.default]))
      if (id === 'grade') continue // the defaults of grade are the identity by design
      const got = await runModel(runtime, id, x, defaults)
      expect(maxDiff(got, x.d), id).toBeGreaterThan(0.01)
    }
  })
})
