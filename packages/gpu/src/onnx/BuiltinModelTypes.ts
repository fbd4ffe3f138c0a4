/**
 * Contract of the built-in models: every model takes one image input and named scalar parameter
 * inputs, and returns one image output.
 *
 * Image tensors are NCHW float32 in [0, 1], shape `1x3xHxW` with dynamic `height` and `width`
 * (any frame size runs without rebuilding the model). Each parameter is a float32 scalar input
 * (shape `[]`) so it can change on every run without reloading the session.
 */

/** Name of the image input of every built-in model. */
export const IMAGE_INPUT = 'input'
/** Name of the image output of every built-in model. */
export const IMAGE_OUTPUT = 'output'

/** A named scalar parameter of a model, with its range and default. */
export type ModelParamSpec = {
  /** Input name in the ONNX graph (also the key in a stage's `params`). */
  name: string
  /** Smallest accepted value. */
  min: number
  /** Largest accepted value. */
  max: number
  /** Value used when the stage does not set it. */
  default: number
  /** What the parameter does. */
  description: string
}

/** A built-in model: its identity, parameters and a builder for its ONNX bytes. */
export type BuiltinModelDefinition = {
  /** Identifier used in pipeline specs as `builtin:<id>`. */
  id: string
  /** Human-readable title. */
  title: string
  /** What the model does, in one sentence. */
  description: string
  /** Scalar parameter inputs, in graph order. */
  params: readonly ModelParamSpec[]
  /** Builds the ONNX model (protobuf bytes), in memory. */
  build(): Uint8Array
}
