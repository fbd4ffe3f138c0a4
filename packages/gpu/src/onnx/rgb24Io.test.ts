/**
 * The rgb24 graph pieces on onnxruntime-node (CPU) against the JS conversions of
 * core/frameConversion.ts: bytes -> floats equal bit for bit, floats -> bytes equal but for
 * half-way points (one level apart at most), bytes -> floats -> bytes is the identity, and the
 * spliced models keep fixed and symbolic sizes and old opsets / IR versions working.
 */
import { nchwToRgb24, rgb24ToNchw } from '@prism/gpu'
import { GraphBuilder, inspectModel, RGB24_INPUT, RGB24_OUTPUT, wrapModelRgb24 } from '@prism/gpu/onnx'
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'

/** A model passing its NCHW image through (`output = input * 1`). */
function passThrough(dims: (number | string)[], opset = 17, irVersion = 8): Uint8Array {
  const g = new GraphBuilder({ name: 'pass', opset, irVersion })
  const x = g.input('input', [1, 3, ...dims])
  g.output(g.node('Mul', [x, g.constant([1], [])]), 'output', [1, 3, ...dims])
  return g.toBytes()
}

async function run(model: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] })
  try {
    const out = await session.run(feeds)
    return out[session.outputNames[0]!]!
  } finally {
    await session.release()
  }
}

/** 16x16 rgb24 frame holding every byte value in each channel. */
function everyByte(): Uint8Array {
  const frame = new Uint8Array(16 * 16 * 3)
  for (let i = 0; i < 256; i++) {
    frame[3 * i] = i
    frame[3 * i + 1] = 255 - i
    frame[3 * i + 2] = (i * 7) & 0xff
  }
  return frame
}

describe('rgb24 graph pieces', () => {
  it('bytes in: the same float32 values as rgb24ToNchw, for every byte value', async () => {
    const frame = everyByte()
    const model = wrapModelRgb24(passThrough(['height', 'width']), { input: 'input' })
    const out = await run(model, { [RGB24_INPUT]: new ort.Tensor('uint8', frame, [1, 16, 16, 3]) })
    const expected = new Float32Array(frame.length)
    rgb24ToNchw(frame, 16, 16, expected)
    expect(out.dims).toEqual([1, 3, 16, 16])
    expect(Array.from(out.data as Float32Array)).toEqual(Array.from(expected))
  })

  it('bytes out: the bytes of nchwToRgb24, one level apart at most, out-of-range values clamped', async () => {
    const w = 64
    const h = 48
    const floats = new Float32Array(3 * w * h)
    let s = 99
    for (let i = 0; i < floats.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0
      const k = i % 4
      // exact levels, half-way points, random values, and values outside [0, 1]
      floats[i] =
        k === 0
          ? (s >>> 24) / 255
          : k === 1
            ? ((s >>> 24) + 0.5) / 255
            : k === 2
              ? s / 2 ** 32
              : s / 2 ** 31 - 0.5
    }
    const model = wrapModelRgb24(passThrough(['height', 'width']), { output: 'output' })
    const out = await run(model, { input: new ort.Tensor('float32', floats, [1, 3, h, w]) })
    const expected = new Uint8Array(floats.length)
    nchwToRgb24(floats, w, h, expected)
    expect(out.dims).toEqual([1, h, w, 3])
    const bytes = out.data as Uint8Array
    let worst = 0
    let exactLevels = true
    for (let i = 0; i < bytes.length; i++) worst = Math.max(worst, Math.abs(bytes[i]! - expected[i]!))
    for (let px = 0; px < w * h; px++)
      for (let c = 0; c < 3; c++) {
        const i = c * w * h + px
        if (i % 4 === 0 && bytes[3 * px + c] !== expected[3 * px + c]) exactLevels = false
      }
    expect(worst).toBeLessThanOrEqual(1)
    expect(exactLevels).toBe(true)
  })

  it('bytes in and out of a pass-through model: the same bytes, fixed or symbolic sizes', async () => {
    const frame = everyByte()
    for (const dims of [
      [16, 16],
      ['height', 'width'],
    ]) {
      const model = wrapModelRgb24(passThrough(dims), { input: 'input', output: 'output' })
      const sig = inspectModel(model)
      expect(sig.inputs).toEqual([{ name: RGB24_INPUT, type: 'uint8', shape: [1, ...dims, 3] }])
      expect(sig.outputs).toEqual([{ name: RGB24_OUTPUT, type: 'uint8', shape: [1, ...dims, 3] }])
      const out = await run(model, { [RGB24_INPUT]: new ort.Tensor('uint8', frame, [1, 16, 16, 3]) })
      expect(Array.from(out.data as Uint8Array)).toEqual(Array.from(frame))
    }
  })

  it('works in opset-9, IR-3 models (no QuantizeLinear; initializers declared as inputs)', async () => {
    const frame = everyByte()
    const model = wrapModelRgb24(passThrough([16, 16], 9, 3), { input: 'input', output: 'output' })
    const out = await run(model, { [RGB24_INPUT]: new ort.Tensor('uint8', frame, [1, 16, 16, 3]) })
    expect(Array.from(out.data as Uint8Array)).toEqual(Array.from(frame))
    const floats = Float32Array.from({ length: 3 * 16 * 16 }, (_, i) => (i % 300) / 255 - 0.1)
    const expected = new Uint8Array(floats.length)
    nchwToRgb24(floats, 16, 16, expected)
    const old = wrapModelRgb24(passThrough([16, 16], 9, 3), { output: 'output' })
    const bytes = await run(old, { input: new ort.Tensor('float32', floats, [1, 3, 16, 16]) })
    let worst = 0
    for (let i = 0; i < expected.length; i++)
      worst = Math.max(worst, Math.abs((bytes.data as Uint8Array)[i]! - expected[i]!))
    expect(worst).toBeLessThanOrEqual(1)
  })

  it('refuses names the model does not have', () => {
    expect(() => wrapModelRgb24(passThrough([4, 4]), { input: 'nope' })).toThrow(/no input "nope"/)
    expect(() => wrapModelRgb24(passThrough([4, 4]), { output: 'nope' })).toThrow(/no output "nope"/)
  })
})
