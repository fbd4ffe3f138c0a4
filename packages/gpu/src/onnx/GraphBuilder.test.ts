/**
 * The graph builder writes ONNX protobuf that decodes back with the declared opset, names and
 * shapes, and every Conv of every built-in model carries explicit kernel_shape, strides,
 * dilations, pads and group (what onnxruntime's WebGPU Conv kernel needs).
 */
import { attr, BUILTIN_MODELS, decodeModel, GraphBuilder, inspectModel } from '@prism/gpu/onnx'
import { describe, expect, it } from 'vitest'

describe('GraphBuilder', () => {
  it('writes a model that decodes with its opset, inputs, outputs and attributes', () => {
    const g = new GraphBuilder({ name: 'probe', opset: 13, docString: 'doc' })
    const x = g.input('image', [1, 3, 'h', 'w'])
    const s = g.input('gain', [])
    const y = g.node('Mul', [x, s])
    const z = g.node('Pad', [y, g.constant([0, 0, 1, 1, 0, 0, 1, 1], [8], 'int64')], {
      mode: attr.string('edge'),
    })
    g.output(z, 'out', [1, 3, 'h2', 'w2'])
    const bytes = g.toBytes()
    const sig = inspectModel(bytes)
    expect(sig.opset).toBe(13)
    expect(sig.inputs).toEqual([
      { name: 'image', type: 'float32', shape: [1, 3, 'h', 'w'] },
      { name: 'gain', type: 'float32', shape: [] },
    ])
    expect(sig.outputs).toEqual([{ name: 'out', type: 'float32', shape: [1, 3, 'h2', 'w2'] }])
    const pad = decodeModel(bytes).graph!.node!.find((n) => n.opType === 'Pad')!
    expect(new TextDecoder().decode(pad.attribute![0]!.s!)).toBe('edge')
  })

  it('prefixes generated names with namePrefix and declares uint8 values and constants', () => {
    const g = new GraphBuilder({ name: 'piece', namePrefix: 'p_' })
    const x = g.input('frame', [1, 'h', 'w', 3], 'uint8')
    g.output(g.node('Add', [x, g.constant([1], [], 'uint8')]), 'y', [1, 'h', 'w', 3], 'uint8')
    const model = decodeModel(g.toBytes())
    const graph = model.graph!
    const generated = [
      ...graph.node!.flatMap((n) => [n.name!, ...n.output!]),
      ...graph.initializer!.map((t) => t.name!),
    ].filter((name) => name !== 'y')
    expect(generated.every((name) => name.startsWith('p_'))).toBe(true)
    expect(graph.initializer![0]!.int32Data).toEqual([1])
    expect(inspectModel(g.toBytes()).inputs).toEqual([
      { name: 'frame', type: 'uint8', shape: [1, 'h', 'w', 3] },
    ])
  })

  it('refuses a constant whose value count does not match its shape', () => {
    const g = new GraphBuilder({ name: 'bad' })
    expect(() => g.constant([1, 2, 3], [2, 2])).toThrow(RangeError)
  })

  for (const model of BUILTIN_MODELS.values()) {
    it(`${model.id}: opset 17, dynamic 1x3xHxW image in/out, explicit Conv attributes`, () => {
      const bytes = model.build()
      const sig = inspectModel(bytes)
      expect(sig.opset).toBe(17)
      expect(sig.inputs[0]).toEqual({ name: 'input', type: 'float32', shape: [1, 3, 'height', 'width'] })
      expect(sig.inputs.slice(1).map((i) => [i.name, i.shape])).toEqual(model.params.map((p) => [p.name, []]))
      expect(sig.outputs).toEqual([{ name: 'output', type: 'float32', shape: [1, 3, 'height', 'width'] }])
      for (const conv of decodeModel(bytes).graph!.node!.filter((n) => n.opType === 'Conv')) {
        const names = conv.attribute!.map((a) => a.name).sort()
        expect(names).toEqual(['dilations', 'group', 'kernel_shape', 'pads', 'strides'])
        const get = (name: string) => conv.attribute!.find((a) => a.name === name)!
        expect(get('kernel_shape').ints).toHaveLength(2)
        expect(get('dilations').ints!.map(Number)).toEqual([1, 1])
        expect(get('strides').ints!.map(Number)).toEqual([1, 1])
        expect(get('pads').ints).toHaveLength(4)
      }
    })
  }
})
