/**
 * rgb24 chains (`io: 'rgb24'`, conversions inside the first and last stages) on onnxruntime-node
 * (CPU) against the JS path they replace (`rgb24ToNchw` -> float chain -> `nchwToRgb24`): for
 * every built-in model alone and for a multi-stage chain, on random frames, the bytes are the same
 * or one level apart; stage swaps keep the conversions at the chain's ends; external models
 * (range-wrapped, opset 9) work; and each chain refuses the other kind of run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ChainSpec,
  type InferenceRuntime,
  ModelChain,
  nchwSize,
  nchwToRgb24,
  rgb24Size,
  rgb24ToNchw,
} from '@prism/gpu'
import { createNodeRuntime } from '@prism/gpu/node'
import { BUILTIN_MODELS, GraphBuilder } from '@prism/gpu/onnx'
import { type BaseError, isBaseError } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** Odd sizes, so that nothing relies on even dimensions. */
const W = 37
const H = 23

function randomFrame(seed: number, width = W, height = H): Uint8Array {
  let s = seed
  return Uint8Array.from({ length: rgb24Size(width, height) }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s >>> 24
  })
}

/** Largest byte difference. */
function maxDiff(a: Uint8Array, b: Uint8Array): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    if (isBaseError(err)) return (err as BaseError).code
    throw err
  }
  throw new Error('expected a rejection')
}

describe('ModelChain with io rgb24 (node adapter)', () => {
  let runtime: InferenceRuntime
  let dir: string

  beforeAll(async () => {
    runtime = await createNodeRuntime({ log: () => {} })
    dir = mkdtempSync(join(tmpdir(), 'prism-rgb24-'))
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** The frames through the JS conversions around a float chain, and through the rgb24 chain. */
  async function both(spec: ChainSpec, frames: Uint8Array[]): Promise<Array<[Uint8Array, Uint8Array]>> {
    const float = await ModelChain.create(runtime, spec)
    const bytes = await ModelChain.create(runtime, spec, { io: 'rgb24' })
    expect(bytes.io).toBe('rgb24')
    const tensor = new Float32Array(nchwSize(spec.width, spec.height))
    const result: Array<[Uint8Array, Uint8Array]> = []
    for (const frame of frames) {
      rgb24ToNchw(frame, spec.width, spec.height, tensor)
      await float.run(tensor, tensor)
      const expected = new Uint8Array(frame.length)
      nchwToRgb24(tensor, spec.width, spec.height, expected)
      const actual = new Uint8Array(frame.length)
      await bytes.runRgb24(frame, actual)
      result.push([expected, actual])
    }
    await float.close()
    await bytes.close()
    return result
  }

  for (const def of BUILTIN_MODELS.values()) {
    it(`builtin:${def.id}: the bytes of the JS conversions, one level apart at most`, async () => {
      // default parameters, then each parameter at a random point of its range
      let s = def.id.length
      const params = Object.fromEntries(
        def.params.map((p) => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0
          return [p.name, p.min + (p.max - p.min) * (s / 2 ** 32)]
        }),
      )
      for (const stage of [{ model: `builtin:${def.id}` }, { model: `builtin:${def.id}`, params }]) {
        const pairs = await both({ width: W, height: H, stages: [stage] }, [randomFrame(1), randomFrame(2)])
        for (const [expected, actual] of pairs) expect(maxDiff(expected, actual)).toBeLessThanOrEqual(1)
      }
    })
  }

  it('a three-stage chain at 256x256: the same bytes, one level apart at most', async () => {
    const spec: ChainSpec = {
      width: 256,
      height: 256,
      stages: [
        { model: 'builtin:sepia', params: { strength: 0.8 } },
        { model: 'builtin:blur', params: { radius: 3 } },
        { model: 'builtin:toon', params: { levels: 5, strength: 1 } },
      ],
    }
    const pairs = await both(spec, [randomFrame(3, 256, 256)])
    for (const [expected, actual] of pairs) expect(maxDiff(expected, actual)).toBeLessThanOrEqual(1)
  })

  it('reads the frame before writing the result into the same buffer (in place), from a pooled Buffer', async () => {
    const spec: ChainSpec = { width: 8, height: 4, stages: [{ model: 'builtin:grade' }] }
    const frame = randomFrame(4, 8, 4)
    const [[expected]] = (await both(spec, [frame])) as [[Uint8Array, Uint8Array]]
    const chain = await ModelChain.create(runtime, spec, { io: 'rgb24' })
    const pooled = Buffer.allocUnsafe(frame.length) // a slice of node's buffer pool: byteOffset > 0
    pooled.set(frame)
    await chain.runRgb24(pooled, pooled)
    expect(maxDiff(pooled, expected!)).toBeLessThanOrEqual(1)
    await chain.close()
  })

  it('keeps the conversions at the ends when the first or last stage is swapped', async () => {
    const spec: ChainSpec = {
      width: W,
      height: H,
      stages: [{ model: 'builtin:sepia' }, { model: 'builtin:blur', params: { radius: 2 } }],
    }
    const chain = await ModelChain.create(runtime, spec, { io: 'rgb24' })
    await chain.setStage(0, { model: 'builtin:emboss' })
    await chain.setStage(1, { model: 'builtin:pixelate' })
    const swapped: ChainSpec = {
      ...spec,
      stages: [{ model: 'builtin:emboss' }, { model: 'builtin:pixelate' }],
    }
    const frame = randomFrame(5)
    const [[expected]] = (await both(swapped, [frame])) as [[Uint8Array, Uint8Array]]
    const out = new Uint8Array(frame.length)
    await chain.runRgb24(frame, out)
    expect(maxDiff(out, expected!)).toBeLessThanOrEqual(1)
    await chain.close()
  })

  it('wraps external models: a [0, 255] range model and an opset-9 one', async () => {
    const g = new GraphBuilder({ name: 'invert', opset: 9, irVersion: 4 })
    const x = g.input('input1', [1, 3, H, W])
    g.output(g.node('Sub', [g.constant([255], []), x]), 'output1', [1, 3, H, W])
    const path = join(dir, 'invert9.onnx')
    writeFileSync(path, g.toBytes())
    const chain = await ModelChain.create(
      runtime,
      { width: W, height: H, stages: [{ model: `file:${path}`, range: '0-255' }] },
      { io: 'rgb24' },
    )
    const frame = randomFrame(6)
    const out = new Uint8Array(frame.length)
    await chain.runRgb24(frame, out)
    expect(Array.from(out)).toEqual(Array.from(frame, (v) => 255 - v))
    await chain.close()
  })

  it('refuses the other kind of run with AI_CHAIN_INVALID, and wrong sizes with FRAME_SIZE_INVALID', async () => {
    const spec: ChainSpec = { width: W, height: H, stages: [{ model: 'builtin:sepia' }] }
    const bytes = await ModelChain.create(runtime, spec, { io: 'rgb24' })
    const float = await ModelChain.create(runtime, spec)
    const tensor = new Float32Array(nchwSize(W, H))
    const frame = randomFrame(7)
    expect(await codeOf(bytes.run(tensor, tensor))).toBe('AI_CHAIN_INVALID')
    expect(await codeOf(float.runRgb24(frame, frame))).toBe('AI_CHAIN_INVALID')
    expect(await codeOf(bytes.runRgb24(frame.subarray(3), frame))).toBe('FRAME_SIZE_INVALID')
    await bytes.close()
    await float.close()
  })
})
