import type { Address } from 'viem'

/** Where an orchestrator URL came from. */
export type OrchestratorSource = 'configured' | 'chain'

/** An orchestrator to probe. */
export type OrchestratorTarget = {
  /** Service URL, normalized (no trailing slash). */
  url: string
  source: OrchestratorSource
  /** Its on-chain address, when the URL came from (or is also in) the pool. */
  address?: Address
}

/**
 * Canonical form of an orchestrator URL: trimmed, no trailing slash.
 *
 * @example
 * normalizeUrl(' http://127.0.0.1:8935/ ') // 'http://127.0.0.1:8935'
 */
export function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '')
}

/**
 * Merges configured URLs and the chain pool: configured first, in order, no duplicates; a
 * configured URL also in the pool takes the pool's address.
 *
 * @example
 * mergeOrchestratorUrls(['http://a/'], [{ url: 'http://a', source: 'chain' }]).length // 1
 */
export function mergeOrchestratorUrls(
  configured: readonly string[],
  chain: readonly OrchestratorTarget[],
): OrchestratorTarget[] {
  const seen = new Map<string, OrchestratorTarget>()
  for (const url of configured) {
    const u = normalizeUrl(url)
    if (u && !seen.has(u)) seen.set(u, { url: u, source: 'configured' })
  }
  for (const o of chain) {
    const u = normalizeUrl(o.url)
    const known = seen.get(u)
    if (!known) {
      if (u) seen.set(u, { ...o, url: u })
    } else if (o.address && !known.address) seen.set(u, { ...known, address: o.address })
  }
  return [...seen.values()]
}
