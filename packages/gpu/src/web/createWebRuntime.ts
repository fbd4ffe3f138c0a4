/**
 * The onnxruntime-web adapter: WebGPU when the browser gives a WebGPU adapter, else wasm. With
 * WebGPU, stage outputs stay in GPU buffers between stages (`preferredOutputLocation`), and only
 * the last stage's output is downloaded.
 */
import type { InferenceRuntime, RuntimeProviderInfo, TensorHandle } from '@prism/gpu'
import { ModelLoadFailedError, ModelUnknownError } from '@prism/gpu'
import * as ort from 'onnxruntime-web'

/** Execution providers the web adapter knows. */
export type WebProvider = 'webgpu' | 'wasm'

/** Options of {@link createWebRuntime}. */
export type CreateWebRuntimeOptions = {
  /**
   * Where the `.wasm`/`.mjs` files of onnxruntime-web are served (`ort.env.wasm.wasmPaths`), e.g.
   * `'/ort/'`. Default: onnxruntime-web's own resolution (next to its script).
   */
  wasmPaths?: string
  /** Providers to try in order; `wasm` always works. Default: ['webgpu', 'wasm']. */
  providers?: readonly WebProvider[]
  /** wasm threads (`ort.env.wasm.numThreads`; >1 needs crossOriginIsolated). Default: ORT's choice. */
  numThreads?: number
  /** Receives the one line saying which provider was picked and why. Default: console.info. */
  log?: (line: string) => void
}

/**
 * Creates the onnxruntime-web runtime adapter.
 *
 * @example
 * const runtime = await createWebRuntime({ wasmPaths: '/ort/' })
 * const chain = await ModelChain.create(runtime, { width: 256, height: 256, stages: [{ model: 'builtin:toon' }] })
 */
export async function createWebRuntime(options: CreateWebRuntimeOptions = {}): Promise<InferenceRuntime> {
  const log = options.log ?? ((line: string) => console.info(line))
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths
  if (options.numThreads !== undefined) ort.env.wasm.numThreads = options.numThreads
  const wanted = options.providers ?? ['webgpu', 'wasm']
  let provider: WebProvider = 'wasm'
  let reason = 'wasm requested'
  if (wanted[0] === 'webgpu') {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu
    if (!gpu) {
      reason = 'navigator.gpu is missing (no WebGPU in this browser); using wasm'
    } else {
      const adapter = await gpu.requestAdapter().catch(() => null)
      if (adapter) {
        provider = 'webgpu'
        reason = `WebGPU adapter found${adapter.info?.isFallbackAdapter ? ' (software fallback)' : ''}`
      } else {
        reason = 'requestAdapter() returned no WebGPU adapter; using wasm'
      }
    }
  }
  const info: RuntimeProviderInfo = { runtime: 'onnxruntime-web', provider, reason }
  log(`[gpu] onnxruntime-web ${ort.env.versions.web ?? ''}: execution provider ${provider} (${reason})`)
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
  }
  if (provider === 'webgpu') sessionOptions.preferredOutputLocation = 'gpu-buffer'
  return {
    info,
    async createSession(model) {
      const session = await ort.InferenceSession.create(model, sessionOptions)
      return {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        async run(feeds) {
          return (await session.run(feeds as Record<string, ort.Tensor>)) as Record<string, TensorHandle>
        },
        release: () => session.release(),
      }
    },
    createTensor(data, dims) {
      return data instanceof Uint8Array
        ? new ort.Tensor('uint8', data, dims)
        : new ort.Tensor('float32', data, dims)
    },
    async readTensor(tensor) {
      const data = await (tensor as ort.Tensor).getData()
      if (!(data instanceof Float32Array || data instanceof Uint8Array))
        throw new TypeError(`tensor is ${tensor.type}, expected float32 or uint8`)
      return data
    },
    async readModelSource(scheme, location) {
      const ref = `${scheme}:${location}`
      if (scheme === 'file')
        throw new ModelUnknownError(ref, { details: 'file: models exist only on a node' })
      let url: URL
      try {
        url = new URL(location)
      } catch (cause) {
        throw new ModelUnknownError(ref, { cause })
      }
      try {
        const response = await fetch(url)
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        return new Uint8Array(await response.arrayBuffer())
      } catch (cause) {
        throw new ModelLoadFailedError(ref, { cause })
      }
    },
    async sha256(bytes) {
      const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
    },
  }
}
