/** Downloads model bytes for `url:` references (https anywhere, http only on loopback). */
import { ModelLoadFailedError, ModelUnknownError } from '@prism/gpu'

/** Largest model accepted, in bytes. */
export const MAX_MODEL_BYTES = 512 * 1024 * 1024

/**
 * Fetches a model.
 *
 * @param location Address after `url:`.
 * @throws MODEL_UNKNOWN (not https, or http off loopback), MODEL_LOAD_FAILED (network, status,
 * size).
 * @example
 * const bytes = await fetchModelBytes('https://example.org/mosaic-9.onnx')
 */
export async function fetchModelBytes(location: string): Promise<Uint8Array> {
  const ref = `url:${location}`
  let url: URL
  try {
    url = new URL(location)
  } catch (cause) {
    throw new ModelUnknownError(ref, { cause })
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]'
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && loopback))) {
    throw new ModelUnknownError(ref, { details: 'only https: addresses (or http: on loopback) are fetched' })
  }
  try {
    const response = await fetch(url)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const length = Number(response.headers.get('content-length') ?? 0)
    if (length > MAX_MODEL_BYTES) throw new Error(`model is ${length} bytes, more than ${MAX_MODEL_BYTES}`)
    return new Uint8Array(await response.arrayBuffer())
  } catch (cause) {
    throw new ModelLoadFailedError(ref, { cause })
  }
}
