/**
 * The one interface every inference runtime adapter implements (onnxruntime-node in
 * `@prism/gpu/node`, onnxruntime-web in `@prism/gpu/web`). Core code (chains, model resolution)
 * only sees these types, never onnxruntime itself.
 */

/**
 * An opaque tensor owned by a runtime. Chains pass the handles a stage returns straight into the
 * next stage, so data stays where the runtime put it (CPU memory, GPU buffer) between stages.
 */
export type TensorHandle = {
  /** Shape. */
  readonly dims: readonly number[]
  /** Element type, e.g. `float32`. */
  readonly type: string
  /** Releases the tensor's memory (GPU buffers); a no-op for plain CPU tensors. */
  dispose(): void
}

/** Metadata of one model input or output as the runtime reports it. */
export type RuntimeValueInfo = {
  name: string
  /** Element type (`float32`, `int64`…), when the runtime reports it. */
  type?: string
  /** Shape; strings or -1 mark dynamic dimensions. Absent when unknown. */
  shape?: readonly (number | string)[]
}

/** A loaded model. */
export type RuntimeSession = {
  readonly inputNames: readonly string[]
  readonly outputNames: readonly string[]
  /**
   * Runs the model.
   *
   * @param feeds Input tensors by name.
   * @returns Output tensors by name; the caller disposes them.
   */
  run(feeds: Readonly<Record<string, TensorHandle>>): Promise<Record<string, TensorHandle>>
  /** Frees the session. */
  release(): Promise<void>
}

/** Which execution provider a runtime picked, and why (logged once at start). */
export type RuntimeProviderInfo = {
  /** Runtime name: `onnxruntime-node` or `onnxruntime-web`. */
  runtime: string
  /** Execution provider in use: `cuda`, `tensorrt`, `cpu`, `webgpu` or `wasm`. */
  provider: string
  /** One sentence on why this provider was chosen. */
  reason: string
}

/** A runtime adapter: creates sessions and tensors, reads tensors back, fetches model bytes. */
export type InferenceRuntime = {
  /** The provider chosen and why. */
  readonly info: RuntimeProviderInfo
  /**
   * Creates a session from ONNX bytes.
   *
   * @throws Any runtime error (callers wrap it as MODEL_LOAD_FAILED).
   */
  createSession(model: Uint8Array): Promise<RuntimeSession>
  /**
   * Wraps `data` (not copied where the runtime allows) as a tensor of shape `dims`: float32 for a
   * Float32Array, uint8 for a Uint8Array (rgb24 frame bytes).
   */
  createTensor(data: Float32Array | Uint8Array, dims: readonly number[]): TensorHandle
  /**
   * Reads a float32 or uint8 tensor's data. The returned view may alias the tensor's memory: use
   * it before disposing the tensor.
   *
   * @throws TypeError for other element types.
   */
  readTensor(tensor: TensorHandle): Promise<Float32Array | Uint8Array>
  /**
   * Reads a model's bytes from a `file:` path or a `url:` address (the part after the scheme).
   *
   * @throws MODEL_UNKNOWN when the scheme is not supported by this runtime; MODEL_LOAD_FAILED.
   */
  readModelSource(scheme: 'file' | 'url', location: string): Promise<Uint8Array>
  /** Lowercase hex sha256 of `bytes`. */
  sha256(bytes: Uint8Array): Promise<string>
}
