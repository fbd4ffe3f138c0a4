/**
 * Downloads a rendition from the URL a TranscodeResult names, as go-livepeer's download client
 * does: a plain GET (TLS not verified), at most 4 s, status 200 required, at most 300,000,000
 * bytes.
 */
import { isBaseError } from '@prism/protocol'
import { GatewayOrchestratorError } from '../errors.ts'
import { httpCall } from './httpClient.ts'

/** Deadline of one download. */
export const RENDITION_TIMEOUT_MS = 4000
/** Largest rendition downloaded. */
export const MAX_RENDITION_BYTES = 300_000_000

/**
 * The rendition's bytes.
 * @throws GatewayOrchestratorError (`GATEWAY_ORCHESTRATOR_ERROR`) for a failed or non-200 download.
 * @example const bytes = await fetchRendition(uri, data.segments[0].url)
 */
export async function fetchRendition(
  uri: string,
  url: string,
  timeoutMs = RENDITION_TIMEOUT_MS,
): Promise<Uint8Array> {
  let res: Awaited<ReturnType<typeof httpCall>>
  try {
    res = await httpCall({
      method: 'GET',
      url,
      headerTimeoutMs: timeoutMs,
      totalTimeoutMs: timeoutMs,
      maxBodyBytes: MAX_RENDITION_BYTES,
    })
  } catch (err) {
    const text = isBaseError(err) ? `${err.shortMessage}: ${err.details}` : String(err)
    throw new GatewayOrchestratorError(uri, 0, `GET ${url}: ${text}`, err)
  }
  if (res.status !== 200) throw new GatewayOrchestratorError(uri, res.status, `GET ${url}`)
  return new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength)
}
