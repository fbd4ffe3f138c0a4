// biome-ignore-all lint/performance/noBarrelFile: package entry point
/**
 * @prism/gpu/node: the onnxruntime-node adapter (CUDA, then TensorRT, else CPU) behind the
 * {@link InferenceRuntime} interface of @prism/gpu.
 */
export { type CreateNodeRuntimeOptions, createNodeRuntime, type NodeProvider } from './createNodeRuntime.ts'
export { fetchModelBytes, MAX_MODEL_BYTES } from './fetchModelBytes.ts'
export { wrapNodeSession } from './wrapNodeSession.ts'
