/**
 * ModelChain on the real onnxruntime-node CPU provider: stage order, parameter updates, stage
 * swaps, external models (file:, url:, range adaptation) and every loading error code.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ChainSpec, type InferenceRuntime, ModelChain } from '@prism/gpu'
import { createNodeRuntime } from '@prism/gpu/node'
import { GraphBuilder } from '@prism/gpu/onnx'
import { type BaseError, isBaseError } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const W = 12
const H = 8
const SIZE = 3 * W * H

function image(seed: number): Float32Array {
  let s = seed
  return Float32Array.from({ length: SIZE }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  })
}

/** An "external" model: out = hi - x (inversion in its own pixel range), fixed or dynamic size. */
function invertModel(hi: number, dims: (number | string)[], channels = 3): Uint8Array {
  const g = new GraphBuilder({ name: 'invert', opset: 13 })
  const x = g.input('input1', [1, channels, ...dims])
  g.output(g.node('Sub', [g.constant([hi], []), x]), 'output1', [1, channels, ...dims])
  return g.toBytes()
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

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

describe('ModelChain (node adapter)', () => {
  let runtime: InferenceRuntime
  let dir: string
  let server: Server
  let base: string
  const served = new Map<string, Uint8Array>()

  beforeAll(async () => {
    runtime = await createNodeRuntime({ log: () => {} })
    dir = mkdtempSync(join(tmpdir(), 'prism-gpu-'))
    server = createServer((req, res) => {
      const body = served.get(req.url ?? '')
      if (!body) {
        res.writeHead(404).end()
        return
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await new Promise((resolve) => server.close(resolve))
  })

  const spec = (stages: ChainSpec['stages']): ChainSpec => ({ width: W, height: H, stages })

  it('runs stages in order: a 3-stage chain equals the stages run one by one', async () => {
    const stages = [
      { model: 'builtin:sepia', params: { strength: 0.8 } },
      { model: 'builtin:blur', params: { radius: 3 } },
      { model: 'builtin:toon', params: { levels: 4 } },
    ]
    const input = image(1)
    const chained = new Float32Array(SIZE)
    const chain = await ModelChain.create(runtime, spec(stages))
    const { stageMs } = await chain.run(input, chained)
    expect(stageMs).toHaveLength(3)
    let current = input
    for (const stage of stages) {
      const single = await ModelChain.create(runtime, spec([stage]))
      const out = new Float32Array(SIZE)
      await single.run(current, out)
      await single.close()
      current = out
    }
    expect(maxDiff(chained, current)).toBeLessThan(1e-5)
    expect(chain.toJSON().stages.map((s) => s.runs)).toEqual([1, 1, 1])
    await chain.close()
  })

  it('applies a parameter update on the next run', async () => {
    const chain = await ModelChain.create(
      runtime,
      spec([{ model: 'builtin:sepia', params: { strength: 0 } }]),
    )
    const input = image(2)
    const a = new Float32Array(SIZE)
    await chain.run(input, a)
    expect(maxDiff(a, input)).toBeLessThan(1e-6)
    chain.updateParams(0, { strength: 1 })
    const b = new Float32Array(SIZE)
    await chain.run(input, b)
    expect(maxDiff(b, input)).toBeGreaterThan(0.05)
    expect(chain.toJSON().stages[0]!.params).toEqual({ strength: 1 })
    await chain.close()
  })

  it('refuses unknown, non-numeric and out-of-range parameters and unknown stages', async () => {
    const chain = await ModelChain.create(runtime, spec([{ model: 'builtin:blur' }]))
    const code = (fn: () => void) => {
      try {
        fn()
      } catch (err) {
        return (err as BaseError).code
      }
      return 'none'
    }
    expect(code(() => chain.updateParams(0, { sigma: 1 }))).toBe('MODEL_PARAM_INVALID')
    expect(code(() => chain.updateParams(0, { radius: 99 }))).toBe('MODEL_PARAM_INVALID')
    expect(code(() => chain.updateParams(0, { radius: 'big' }))).toBe('MODEL_PARAM_INVALID')
    expect(code(() => chain.updateParams(3, { radius: 1 }))).toBe('AI_CHAIN_INVALID')
    await chain.close()
    expect(code(() => chain.updateParams(0, { radius: 1 }))).toBe('AI_CHAIN_CLOSED')
  })

  it('keeps running the old stage while a swap loads, then uses the new one', async () => {
    const chain = await ModelChain.create(
      runtime,
      spec([{ model: 'builtin:sepia', params: { strength: 0 } }]),
    )
    const input = image(3)
    const out = new Float32Array(SIZE)
    const swap = chain.setStage(0, { model: 'builtin:pixelate', params: { block: 4 } })
    await chain.run(input, out) // runs while the new model loads
    await swap
    expect(chain.models).toEqual(['builtin:pixelate'])
    await chain.run(input, out)
    expect(out[1]).toBe(input[0]) // pixel (0,1) took the block's top-left value
    await chain.close()
  })

  it('refuses bad specs with AI_CHAIN_INVALID', async () => {
    expect(await codeOf(ModelChain.create(runtime, spec([])))).toBe('AI_CHAIN_INVALID')
    expect(
      await codeOf(ModelChain.create(runtime, { width: 0, height: 8, stages: [{ model: 'builtin:blur' }] })),
    ).toBe('AI_CHAIN_INVALID')
  })

  it('refuses unknown models with MODEL_UNKNOWN', async () => {
    expect(await codeOf(ModelChain.create(runtime, spec([{ model: 'builtin:nope' }])))).toBe('MODEL_UNKNOWN')
    expect(await codeOf(ModelChain.create(runtime, spec([{ model: 'ftp:x' }])))).toBe('MODEL_UNKNOWN')
  })

  it('refuses a bad ONNX file and a missing file with MODEL_LOAD_FAILED', async () => {
    const bad = join(dir, 'bad.onnx')
    writeFileSync(bad, 'this is not an onnx model')
    expect(await codeOf(ModelChain.create(runtime, spec([{ model: `file:${bad}` }])))).toBe(
      'MODEL_LOAD_FAILED',
    )
    expect(await codeOf(ModelChain.create(runtime, spec([{ model: `file:${dir}/missing.onnx` }])))).toBe(
      'MODEL_LOAD_FAILED',
    )
  })

  it('checks sha256 pins: mismatch, missing pin for url:, matching pin', async () => {
    const bytes = invertModel(1, ['h', 'w'])
    const sha = createHash('sha256').update(bytes).digest('hex')
    served.set('/invert.onnx', bytes)
    const path = join(dir, 'invert.onnx')
    writeFileSync(path, bytes)
    const wrong = '0'.repeat(64)
    expect(await codeOf(ModelChain.create(runtime, spec([{ model: `file:${path}`, sha256: wrong }])))).toBe(
      'MODEL_SHA256_MISMATCH',
    )
    expect(
      await codeOf(ModelChain.create(runtime, spec([{ model: `url:${base}/invert.onnx`, sha256: wrong }]))),
    ).toBe('MODEL_SHA256_MISMATCH')
    expect(await codeOf(ModelChain.create(runtime, spec([{ model: `url:${base}/invert.onnx` }])))).toBe(
      'MODEL_SHA256_REQUIRED',
    )
    const chain = await ModelChain.create(runtime, spec([{ model: `url:${base}/invert.onnx`, sha256: sha }]))
    const input = image(4)
    const out = new Float32Array(SIZE)
    await chain.run(input, out)
    expect(
      maxDiff(
        out,
        input.map((v) => 1 - v),
      ),
    ).toBeLessThan(1e-6)
    await chain.close()
  })

  it('adapts a [0, 255] external model to the [0, 1] chain (range)', async () => {
    const path = join(dir, 'invert255.onnx')
    writeFileSync(path, invertModel(255, [H, W]))
    const chain = await ModelChain.create(runtime, spec([{ model: `file:${path}`, range: '0-255' }]))
    const input = image(5)
    const out = new Float32Array(SIZE)
    await chain.run(input, out)
    expect(
      maxDiff(
        out,
        input.map((v) => 1 - v),
      ),
    ).toBeLessThan(1e-5)
    await chain.close()
  })

  it('adapts an opset-9 model (as the fast-neural-style family) declared 0-255', async () => {
    const g = new GraphBuilder({ name: 'halve9', opset: 9, irVersion: 4 })
    const x = g.input('input1', [1, 3, H, W])
    g.output(g.node('Mul', [x, g.constant([0.5], [])]), 'output1', [1, 3, H, W])
    const path = join(dir, 'halve9.onnx')
    writeFileSync(path, g.toBytes())
    const chain = await ModelChain.create(runtime, spec([{ model: `file:${path}`, range: [0, 255] }]))
    const input = image(6)
    const out = new Float32Array(SIZE)
    await chain.run(input, out)
    expect(
      maxDiff(
        out,
        input.map((v) => v / 2),
      ),
    ).toBeLessThan(1e-5)
    await chain.close()
  })

  it('refuses models that are not image-to-image with MODEL_SIGNATURE_INVALID', async () => {
    const fixed = join(dir, 'fixed.onnx')
    writeFileSync(fixed, invertModel(1, [224, 224]))
    expect(await codeOf(ModelChain.create(runtime, spec([{ model: `file:${fixed}` }])))).toBe(
      'MODEL_SIGNATURE_INVALID',
    )
    const grey = join(dir, 'grey.onnx')
    writeFileSync(grey, invertModel(1, ['h', 'w'], 1))
    expect(await codeOf(ModelChain.create(runtime, spec([{ model: `file:${grey}` }])))).toBe(
      'MODEL_SIGNATURE_INVALID',
    )
  })
})
