/**
 * Converts between 8-bit rgb24 frames and the chain's NCHW float32 tensors inside onnxruntime:
 * graph pieces (built with {@link GraphBuilder}) and {@link wrapModelRgb24}, which splices them
 * into a model so that it takes the frame's bytes (uint8 NHWC, 1xHxWx3) and returns bytes.
 *
 * The values match the JS conversions of `@prism/gpu` (core/frameConversion.ts): bytes in give
 * the same float32 values as `rgb24ToNchw` (`b / 255`, correctly rounded), and floats out give the
 * bytes of `nchwToRgb24` (clamp to [0, 1], times 255, nearest) but for values within float32
 * rounding of a half-way point, which may land one level apart.
 */

import { attr, type Dim, elementTypeCode, GraphBuilder } from './GraphBuilder.ts'
import { decodeModel } from './inspectModel.ts'
import { type OnnxTypes, onnx } from './onnxProto.ts'

/** Input name of a model wrapped with an rgb24 input (uint8, 1xHxWx3). */
export const RGB24_INPUT = 'prism_rgb24_in'
/** Output name of a model wrapped with an rgb24 output (uint8, 1xHxWx3). */
export const RGB24_OUTPUT = 'prism_rgb24_out'

/**
 * Adds the nodes turning a uint8 1xHxWx3 value into a float32 1x3xHxW value in [0, 1]:
 * Transpose (on the bytes, the cheaper side), Cast, Div by 255 (a division, not a multiply by
 * 1/255, so that every value equals `rgb24ToNchw`'s). Needs opset >= 7.
 *
 * @returns The float value's name.
 * @example
 * const x = rgb24ToNchwNodes(g, g.input('frame', [1, 'h', 'w', 3], 'uint8'))
 */
export function rgb24ToNchwNodes(g: GraphBuilder, frame: string): string {
  const planar = g.node('Transpose', [frame], { perm: attr.ints([0, 3, 1, 2]) })
  const floats = g.node('Cast', [planar], { to: attr.int(elementTypeCode('float')) })
  return g.node('Div', [floats, g.constant([255], [])])
}

/**
 * Adds the nodes turning a float32 1x3xHxW value into uint8 1xHxWx3 bytes, then Transpose on the
 * bytes. From opset 10 one QuantizeLinear (scale 1/255, zero point 0: `x * 255` rounded to the
 * nearest, half to even, saturated to [0, 255], in one vectorised pass); before, `x * 255 + 0.5`
 * clamped by Max/Min and Cast (which truncates: the floor of a non-negative value).
 *
 * @param opset Opset of the graph the nodes go into. Default: the builder's.
 * @returns The uint8 value's name.
 * @example
 * g.output(nchwToRgb24Nodes(g, y), 'frame', [1, 'h', 'w', 3], 'uint8')
 */
export function nchwToRgb24Nodes(g: GraphBuilder, x: string, opset = g.opset): string {
  let bytes: string
  if (opset >= 10) {
    bytes = g.node('QuantizeLinear', [x, g.constant([1 / 255], []), g.constant([0], [], 'uint8')])
  } else {
    const scaled = g.node('Add', [g.node('Mul', [x, g.constant([255], [])]), g.constant([0.5], [])])
    const clamped = g.node('Min', [g.node('Max', [scaled, g.constant([0], [])]), g.constant([255], [])])
    bytes = g.node('Cast', [clamped], { to: attr.int(elementTypeCode('uint8')) })
  }
  return g.node('Transpose', [bytes], { perm: attr.ints([0, 2, 3, 1]) })
}

/** Options of {@link wrapModelRgb24}: which ends of the model take or give rgb24 bytes. */
export type WrapModelRgb24Options = {
  /** Name of the NCHW float image input to feed from {@link RGB24_INPUT} instead. */
  input?: string
  /** Name of the NCHW float image output to return as {@link RGB24_OUTPUT} instead. */
  output?: string
}

/**
 * Returns new model bytes whose image input and/or output are rgb24 frames (uint8 1xHxWx3): the
 * conversion nodes of {@link rgb24ToNchwNodes} and {@link nchwToRgb24Nodes} run before and after
 * the model's own nodes, in the same session (no extra run, no float tensor crossing into JS).
 * Height and width keep the original's dimensions (fixed or symbolic). Added names start with
 * `prism_rgb24_`.
 *
 * @throws Error when the bytes do not decode or a named input/output does not exist.
 * @example
 * const bytes = wrapModelRgb24(sepia.build(), { input: 'input', output: 'output' })
 * // feed { prism_rgb24_in: uint8 [1, h, w, 3] }, read prism_rgb24_out
 */
export function wrapModelRgb24(bytes: Uint8Array, options: WrapModelRgb24Options): Uint8Array {
  const model = decodeModel(bytes)
  const graph = model.graph!
  const opset = defaultOpset(model)
  const before: OnnxTypes.INodeProto[] = []
  const after: OnnxTypes.INodeProto[] = []
  const initializers: OnnxTypes.ITensorProto[] = []
  let inputs = graph.input ?? []
  let outputs = graph.output ?? []
  if (options.input !== undefined) {
    const name = options.input
    const original = inputs.find((v) => v.name === name)
    if (!original) throw new Error(`model has no input "${name}"`)
    const g = new GraphBuilder({ name: 'prism_rgb24_in', opset, namePrefix: 'prism_rgb24_in_' })
    const nchw = nchwDims(original)
    const frame = g.input(RGB24_INPUT, nhwcDims(nchw), 'uint8')
    g.output(rgb24ToNchwNodes(g, frame), name, nchw)
    const piece = g.toModelProto().graph!
    before.push(...piece.node!)
    initializers.push(...piece.initializer!)
    inputs = inputs.map((v) => (v.name === name ? piece.input![0]! : v))
  }
  if (options.output !== undefined) {
    const name = options.output
    const original = outputs.find((v) => v.name === name)
    if (!original) throw new Error(`model has no output "${name}"`)
    const g = new GraphBuilder({ name: 'prism_rgb24_out', opset, namePrefix: 'prism_rgb24_out_' })
    const nchw = nchwDims(original)
    const x = g.input(name, nchw)
    g.output(nchwToRgb24Nodes(g, x, opset), RGB24_OUTPUT, nhwcDims(nchw), 'uint8')
    const piece = g.toModelProto().graph!
    after.push(...piece.node!)
    initializers.push(...piece.initializer!)
    outputs = outputs.map((v) => (v.name === name ? piece.output![0]! : v))
  }
  // before IR 4, every initializer must also be declared as a graph input
  const oldIr = Number(model.irVersion ?? 0) < 4
  graph.node = [...before, ...(graph.node ?? []), ...after]
  graph.initializer = [...(graph.initializer ?? []), ...initializers]
  graph.input = oldIr ? [...inputs, ...initializers.map(initializerInfo)] : inputs
  graph.output = outputs
  return onnx.ModelProto.encode(model).finish()
}

function defaultOpset(model: OnnxTypes.IModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')
  return Number(entry?.version ?? 1)
}

/** The declared NCHW dimensions of an image value (`height`/`width` names when undeclared). */
function nchwDims(value: OnnxTypes.IValueInfoProto): Dim[] {
  const dims = value.type?.tensorType?.shape?.dim
  const fallback: Dim[] = [1, 3, 'height', 'width']
  if (dims?.length !== 4) return fallback
  return dims.map((d, i) =>
    d.dimParam
      ? d.dimParam
      : d.dimValue != null && Number(d.dimValue) > 0
        ? Number(d.dimValue)
        : fallback[i]!,
  )
}

function nhwcDims([n, , h, w]: Dim[]): Dim[] {
  return [n ?? 1, h ?? 'height', w ?? 'width', 3]
}

function initializerInfo(t: OnnxTypes.ITensorProto): OnnxTypes.IValueInfoProto {
  return {
    name: t.name ?? '',
    type: {
      tensorType: {
        elemType: t.dataType ?? onnx.TensorProto.DataType.FLOAT,
        shape: { dim: (t.dims ?? []).map((d) => ({ dimValue: d })) },
      },
    },
  }
}
