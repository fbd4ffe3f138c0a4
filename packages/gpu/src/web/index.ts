// biome-ignore-all lint/performance/noBarrelFile: package entry point
/**
 * @prism/gpu/web: the onnxruntime-web adapter (WebGPU, else wasm) behind the
 * {@link InferenceRuntime} interface of @prism/gpu.
 */
export { type CreateWebRuntimeOptions, createWebRuntime, type WebProvider } from './createWebRuntime.ts'
