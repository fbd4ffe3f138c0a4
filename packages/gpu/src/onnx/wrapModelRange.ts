/**
 * Adapts an external image model whose pixels live in another range (e.g. [0, 255] for the
 * fast-neural-style models) to the chain's [0, 1] convention by adding nodes to its graph:
 * `x' = x * (hi - lo) + lo` before it and `y = clamp((y' - lo) / (hi - lo), 0, 1)` after it.
 * Min/Max are used for the clamp so that any opset >= 8 accepts the added nodes.
 */
import { decodeModel } from './inspectModel.ts'
import { type OnnxTypes, onnx } from './onnxProto.ts'

/** Input name of a wrapped model. */
export const WRAPPED_INPUT = 'prism_input'
/** Output name of a wrapped model. */
export const WRAPPED_OUTPUT = 'prism_output'

/**
 * Returns new model bytes with range conversion around `input` and `output`.
 *
 * @param bytes Original ONNX bytes.
 * @param input Name of the image input to feed.
 * @param output Name of the image output to read.
 * @param range Declared `[lo, hi]` pixel range of the model.
 * @throws Error when the bytes do not decode.
 * @example
 * const wrapped = wrapModelRange(bytes, 'input1', 'output1', [0, 255])
 */
export function wrapModelRange(
  bytes: Uint8Array,
  input: string,
  output: string,
  range: readonly [number, number],
): Uint8Array {
  const model = decodeModel(bytes)
  const graph = model.graph!
  const [lo, hi] = range
  const span = hi - lo
  const scalar = (name: string, value: number): OnnxTypes.ITensorProto => ({
    name,
    dims: [],
    dataType: onnx.TensorProto.DataType.FLOAT,
    floatData: [value],
  })
  const constants = [
    scalar('prism_span', span),
    scalar('prism_lo', lo),
    scalar('prism_zero', 0),
    scalar('prism_one', 1),
  ]
  const originalInput = graph.input!.find((v) => v.name === input)!
  const originalOutput = graph.output!.find((v) => v.name === output)!
  const pre: OnnxTypes.INodeProto[] = [
    {
      opType: 'Mul',
      name: 'prism_pre_mul',
      input: [WRAPPED_INPUT, 'prism_span'],
      output: ['prism_pre_scaled'],
    },
    { opType: 'Add', name: 'prism_pre_add', input: ['prism_pre_scaled', 'prism_lo'], output: [input] },
  ]
  const post: OnnxTypes.INodeProto[] = [
    { opType: 'Sub', name: 'prism_post_sub', input: [output, 'prism_lo'], output: ['prism_post_shifted'] },
    {
      opType: 'Div',
      name: 'prism_post_div',
      input: ['prism_post_shifted', 'prism_span'],
      output: ['prism_post_scaled'],
    },
    {
      opType: 'Max',
      name: 'prism_post_max',
      input: ['prism_post_scaled', 'prism_zero'],
      output: ['prism_post_low'],
    },
    {
      opType: 'Min',
      name: 'prism_post_min',
      input: ['prism_post_low', 'prism_one'],
      output: [WRAPPED_OUTPUT],
    },
  ]
  graph.node = [...pre, ...(graph.node ?? []), ...post]
  graph.initializer = [...(graph.initializer ?? []), ...constants]
  const floatScalar = (name: string): OnnxTypes.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [] } } },
  })
  const oldIr = Number(model.irVersion ?? 0) < 4
  graph.input = [
    { ...originalInput, name: WRAPPED_INPUT },
    ...graph.input!.filter((v) => v.name !== input),
    ...(oldIr ? constants.map((c) => floatScalar(c.name!)) : []),
  ]
  graph.output = [{ ...originalOutput, name: WRAPPED_OUTPUT }]
  return onnx.ModelProto.encode(model).finish()
}
