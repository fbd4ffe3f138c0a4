// biome-ignore-all lint/performance/noBarrelFile: package entry point
/**
 * @prism/gpu: runtime-neutral compute shared by browser and node: the model chain executor, model
 * loading and signature checks, frame <-> tensor conversion, SSIM/PSNR, the runtime adapter
 * interface and typed errors. No onnxruntime import here (see @prism/gpu/node and @prism/gpu/web).
 */
export type {
  ChainRunResult,
  ChainSpec,
  ChainStats,
  LoadedModelInfo,
  StageParams,
  StageRange,
  StageSpec,
  StageStats,
} from './ChainTypes.ts'
export {
  AiChainClosedError,
  AiChainInvalidError,
  AiStageFailedError,
  FrameSizeInvalidError,
  ModelLoadFailedError,
  ModelParamInvalidError,
  ModelSha256MismatchError,
  ModelSha256RequiredError,
  ModelSignatureInvalidError,
  ModelUnknownError,
} from './errors.ts'
export {
  i420Size,
  i420ToNchw,
  nchwSize,
  nchwToI420,
  nchwToRgb24,
  rgb24Size,
  rgb24ToNchw,
} from './frameConversion.ts'
export { planeSsim, psnr, type Rgb24Frame, SSIM_STEP, SSIM_WINDOW, ssim } from './frameQuality.ts'
export { checkImageSignature, type LoadedModel, type LoadModelParameters, loadModel } from './loadModel.ts'
export { type ChainIo, ModelChain, type ModelChainOptions } from './ModelChain.ts'
export type {
  InferenceRuntime,
  RuntimeProviderInfo,
  RuntimeSession,
  RuntimeValueInfo,
  TensorHandle,
} from './RuntimeTypes.ts'
export {
  type ChainLimits,
  resolveParams,
  validateChainSpec,
} from './validateChainSpec.ts'
