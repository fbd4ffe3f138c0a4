import type { WebProvider } from '@prism/gpu/web'
import { ChainRecomputer } from './ChainRecomputer.ts'

let pending: Promise<ChainRecomputer | undefined> | undefined

/**
 * Loads the browser inference runtime (onnxruntime-web through @prism/gpu/web: WebGPU when an
 * adapter exists, else wasm; its wasm files served by the app at /ort/) once, on first use, and
 * returns the chain recomputer built on it.
 * @param providers providers to try in order. Default: `?verifyProvider=` of the page, else
 * WebGPU then wasm.
 * @returns the recomputer (rejects when no runtime can be created).
 * @example
 * const recomputer = await loadRecomputer()
 */
export function loadRecomputer(providers?: readonly WebProvider[]): Promise<ChainRecomputer | undefined> {
  pending ??= (async () => {
    const { createWebRuntime } = await import('@prism/gpu/web')
    const forced = new URLSearchParams(location.search).get('verifyProvider')
    const wanted = providers ?? (forced === 'wasm' || forced === 'webgpu' ? [forced] : ['webgpu', 'wasm'])
    // ort/ next to index.html: the dev server and a static build (any folder of any host) alike.
    const wasmPaths = new URL('ort/', document.baseURI).href
    const runtime = await createWebRuntime({ wasmPaths, providers: wanted })
    return new ChainRecomputer(runtime)
  })()
  return pending
}
