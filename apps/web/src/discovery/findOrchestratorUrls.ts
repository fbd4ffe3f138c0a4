import { bondingManagerAbi, serviceRegistryAbi } from '@prism/protocol'
import { type Address, type PublicClient, zeroAddress } from 'viem'
import type { WebContracts } from '../network/webNetwork.ts'

/** Where an orchestrator URL came from. */
export type OrchestratorSource = 'chain' | 'configured'

/** An orchestrator URL to probe. */
export type OrchestratorUrl = { url: string; source: OrchestratorSource; address?: Address }

/** Most pool entries walked (the Livepeer active set is 100). */
const MAX_POOL = 100

/**
 * Reads the active orchestrator pool from BondingManager (first, next, …) and each one's service
 * URI from ServiceRegistry.
 * @param client a viem public client.
 * @param contracts the network's contracts.
 * @returns the orchestrators with a non-empty service URI.
 * @example
 * const fromChain = await readChainOrchestrators(client, network.contracts)
 */
export async function readChainOrchestrators(
  client: PublicClient,
  contracts: WebContracts,
): Promise<OrchestratorUrl[]> {
  const out: OrchestratorUrl[] = []
  let addr = await client.readContract({
    address: contracts.bondingManager,
    abi: bondingManagerAbi,
    functionName: 'getFirstTranscoderInPool',
  })
  for (let i = 0; i < MAX_POOL && addr !== zeroAddress; i++) {
    const uri = await client.readContract({
      address: contracts.serviceRegistry,
      abi: serviceRegistryAbi,
      functionName: 'getServiceURI',
      args: [addr],
    })
    if (uri) out.push({ url: normalizeUrl(uri), source: 'chain', address: addr })
    addr = await client.readContract({
      address: contracts.bondingManager,
      abi: bondingManagerAbi,
      functionName: 'getNextTranscoderInPool',
      args: [addr],
    })
  }
  return out
}

/**
 * Merges the configured list and the chain pool, configured first, without duplicates.
 * @param configured URLs given by the user or the deployment.
 * @param chain URLs read from the chain.
 * @returns one entry per distinct URL.
 * @example
 * mergeOrchestratorUrls(['http://a/'], [{ url: 'http://a', source: 'chain' }]).length // 1
 */
export function mergeOrchestratorUrls(
  configured: readonly string[],
  chain: readonly OrchestratorUrl[],
): OrchestratorUrl[] {
  const seen = new Map<string, OrchestratorUrl>()
  for (const url of configured) {
    const u = normalizeUrl(url)
    if (u && !seen.has(u)) seen.set(u, { url: u, source: 'configured' })
  }
  for (const o of chain) {
    const u = normalizeUrl(o.url)
    const known = seen.get(u)
    if (!known) seen.set(u, { ...o, url: u })
    else if (o.address && !known.address) seen.set(u, { ...known, address: o.address })
  }
  return [...seen.values()]
}

/**
 * Canonical form of an orchestrator URL: trimmed, no trailing slash.
 * @example normalizeUrl(' http://127.0.0.1:8935/ ') // 'http://127.0.0.1:8935'
 */
export function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '')
}
