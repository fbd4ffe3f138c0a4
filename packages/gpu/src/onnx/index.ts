// biome-ignore-all lint/performance/noBarrelFile: package entry point
/**
 * @prism/gpu/onnx: the ONNX graph builder (protobuf through onnx-proto), the built-in image models
 * and helpers to inspect and adapt external models. Runtime-neutral.
 */

export {
  type BuiltinModelDefinition,
  IMAGE_INPUT,
  IMAGE_OUTPUT,
  type ModelParamSpec,
} from './BuiltinModelTypes.ts'
export {
  BUILTIN_MODELS,
  type BuiltinModelInfo,
  listBuiltinModels,
} from './builtinModels.ts'
export {
  type AttributeValue,
  attr,
  type ConvOptions,
  DEFAULT_OPSET,
  type Dim,
  type ElementType,
  elementTypeCode,
  GraphBuilder,
  type GraphBuilderOptions,
} from './GraphBuilder.ts'
export { decodeModel, inspectModel, type ModelSignature, type ModelValueSignature } from './inspectModel.ts'
export { BLUR_MAX_RADIUS, blur } from './models/blur.ts'
export { EMBOSS_KERNEL, emboss } from './models/emboss.ts'
export { grade } from './models/grade.ts'
export { PENCIL_BLUR, pencil } from './models/pencil.ts'
export { pixelate } from './models/pixelate.ts'
export { SEPIA_MATRIX, sepia } from './models/sepia.ts'
export { SHARPEN_BLUR, sharpen } from './models/sharpen.ts'
export { SOBEL, TOON_EDGE_GAIN, TOON_EDGE_OFFSET, toon } from './models/toon.ts'
export {
  nchwToRgb24Nodes,
  RGB24_INPUT,
  RGB24_OUTPUT,
  rgb24ToNchwNodes,
  type WrapModelRgb24Options,
  wrapModelRgb24,
} from './rgb24Io.ts'
export { WRAPPED_INPUT, WRAPPED_OUTPUT, wrapModelRange } from './wrapModelRange.ts'
