import type { Address, PublicClient } from 'viem'
import type { WebNetwork } from '../network/webNetwork.ts'
import {
  mergeOrchestratorUrls,
  type OrchestratorUrl,
  readChainOrchestrators,
} from './findOrchestratorUrls.ts'
import { probeOrchestrator } from './probeOrchestrator.ts'
import { type RankedOrchestrator, type RankProbesOptions, rankProbes } from './rankProbes.ts'

/** Parameters of {@link discover}. */
export type DiscoverParameters = RankProbesOptions & {
  client: PublicClient
  network: WebNetwork
  /** Orchestrator URLs configured by the user (`?orchestrators=` or the list field). */
  configured: readonly string[]
  /** Read the chain pool too. Default: true. */
  useChain?: boolean
  /** The session key (ticket sender). */
  sender: Address | undefined
}

/** What {@link discover} returns. */
export type DiscoverReturnType = { ranked: RankedOrchestrator[]; chainError: string | undefined }

/**
 * Finds orchestrators (configured list + chain pool), probes each `/info` concurrently with RTT
 * and ranks them.
 * @returns the ranked list and, if reading the chain failed, why.
 * @example
 * const { ranked } = await discover({ client, network, configured: [], sender })
 */
export async function discover(params: DiscoverParameters): Promise<DiscoverReturnType> {
  let chain: OrchestratorUrl[] = []
  let chainError: string | undefined
  if (params.useChain ?? true) {
    try {
      chain = await readChainOrchestrators(params.client, params.network.contracts)
    } catch (err) {
      chainError = err instanceof Error ? err.message.split('\n')[0] : String(err)
    }
  }
  const targets = mergeOrchestratorUrls([...params.configured, ...params.network.orchestrators], chain)
  const probes = await Promise.all(targets.map((t) => probeOrchestrator(t, params.sender)))
  const options: RankProbesOptions = {}
  if (params.maxPricePerPixel !== undefined) options.maxPricePerPixel = params.maxPricePerPixel
  if (params.pipelineKind !== undefined) options.pipelineKind = params.pipelineKind
  if (params.suspensions !== undefined) options.suspensions = params.suspensions
  return { ranked: rankProbes(probes, options), chainError }
}
