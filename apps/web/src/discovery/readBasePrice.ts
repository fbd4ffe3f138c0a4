import { type ProbeFetch, parsePrice, probeOrchestrator, ratToNumber } from '@prism/protocol'

/**
 * An orchestrator's base price per pixel: its `/info` without a sender, before the per-sender
 * redemption markup (`-autoAdjustPrice`).
 * @param url the orchestrator.
 * @param fetch Default: the global one.
 * @returns wei per pixel, or undefined when it cannot be read.
 * @example await readBasePrice('http://127.0.0.1:8935') // 1
 */
export async function readBasePrice(url: string, fetch?: ProbeFetch): Promise<number | undefined> {
  const probe = await probeOrchestrator({ url, source: 'configured' }, fetch ? { fetch } : {})
  if (!probe.info) return undefined
  try {
    return ratToNumber(parsePrice(probe.info.price))
  } catch {
    return undefined
  }
}
