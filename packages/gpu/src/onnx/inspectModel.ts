/**
 * Reads the declared inputs and outputs of an ONNX model from its protobuf bytes, without a
 * runtime, so that image-in image-out signatures can be checked the same way in Node and browsers.
 */
import { type OnnxTypes, onnx } from './onnxProto.ts'

/** One declared graph input or output. */
export type ModelValueSignature = {
  name: string
  /** `float32`, `int64`, … or `unknown`. */
  type: string
  /** Dimensions: numbers are fixed, strings are symbolic, `null` is unknown. Absent: unknown rank. */
  shape?: (number | string | null)[]
}

/** What {@link inspectModel} reports. */
export type ModelSignature = {
  /** Graph inputs that are not initializers. */
  inputs: ModelValueSignature[]
  outputs: ModelValueSignature[]
  /** Opset of the default domain (`''` or `ai.onnx`). */
  opset: number
  irVersion: number
}

const TYPE_NAMES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
  11: 'float64',
}

/**
 * Decodes an ONNX model and lists its inputs and outputs.
 *
 * @throws Error when the bytes are not an ONNX ModelProto with a graph (callers wrap it as
 * MODEL_LOAD_FAILED).
 * @example
 * inspectModel(toon.build()).inputs.map((i) => i.name) // ['input', 'strength', 'levels']
 */
export function inspectModel(bytes: Uint8Array): ModelSignature {
  const model = decodeModel(bytes)
  const graph = model.graph!
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name))
  const opset = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')
  return {
    inputs: (graph.input ?? []).filter((v) => !initializers.has(v.name)).map(describe),
    outputs: (graph.output ?? []).map(describe),
    opset: Number(opset?.version ?? 0),
    irVersion: Number(model.irVersion ?? 0),
  }
}

/**
 * Decodes ONNX bytes into a ModelProto.
 *
 * @throws Error when the bytes do not decode or hold no graph.
 */
export function decodeModel(bytes: Uint8Array): OnnxTypes.ModelProto {
  const model = onnx.ModelProto.decode(bytes)
  if (!model.graph || !(model.graph.node ?? []).length) throw new Error('no ONNX graph in the bytes')
  return model
}

function describe(v: OnnxTypes.IValueInfoProto): ModelValueSignature {
  const tensor = v.type?.tensorType
  const out: ModelValueSignature = {
    name: v.name ?? '',
    type: tensor?.elemType != null ? (TYPE_NAMES[tensor.elemType] ?? `onnx:${tensor.elemType}`) : 'unknown',
  }
  if (tensor?.shape) {
    out.shape = (tensor.shape.dim ?? []).map((d) =>
      d.dimParam ? d.dimParam : d.dimValue != null && Number(d.dimValue) > 0 ? Number(d.dimValue) : null,
    )
  }
  return out
}
