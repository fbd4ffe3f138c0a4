/**
 * What an orchestrator checks before it serves on a paid network: the RPC serves the network's
 * chain (CHAIN_ID_MISMATCH otherwise), and its account is a registered, active orchestrator (or
 * the operator is told what to do: a node outside the active set cannot redeem tickets against
 * reserves nor call reward()).
 */
import {
  type ChainClient,
  getCurrentRound,
  isActiveTranscoder,
  isRegisteredTranscoder,
  verifyChainId,
} from '@prism/protocol'
import type { Address } from 'viem'

/** Where the orchestrator stands in the bonding manager. */
export type RegistrationStatus = {
  registered: boolean
  active: boolean
  round: bigint
  /** What the operator should do, when not registered and active. */
  advice?: string
}

/**
 * Reads whether `address` is registered and active this round, with advice when it is not.
 *
 * @example
 * const status = await registrationStatus(client, address)
 * if (status.advice) logger.warn(status.advice)
 */
export async function registrationStatus(client: ChainClient, address: Address): Promise<RegistrationStatus> {
  const [registered, active, round] = await Promise.all([
    isRegisteredTranscoder(client, { address }),
    isActiveTranscoder(client, { address }),
    getCurrentRound(client),
  ])
  if (active) return { registered, active, round }
  const advice = registered
    ? `orchestrator ${address} is registered but not active in round ${round}: it joins the active set in the round after it bonds, if its stake ranks within the pool's size (more stake: \`prism chain bond\`). Until then it takes no tickets' reserve share and calls no reward.`
    : `orchestrator ${address} is not registered: bond LPT to itself and set its cuts (\`prism chain bond -amount <LPT>\`, then \`prism chain transcoder -rewardCut <%> -feeShare <%>\` and \`prism chain serviceUri -uri <url>\`); it is active from the next round.`
  return { registered, active, round, advice }
}

/**
 * The startup checks of a paid orchestrator: chain id, then registration.
 *
 * @throws ChainIdMismatchError (`CHAIN_ID_MISMATCH`); chain read errors (`CHAIN_*`).
 * @returns the registration status (its advice is for the log).
 * @example
 * const { advice } = await orchestratorStartupChecks(client, { network, address })
 */
export async function orchestratorStartupChecks(
  client: ChainClient,
  params: { network: { name: string; chainId: number }; address: Address },
): Promise<RegistrationStatus> {
  await verifyChainId(client, { expected: params.network.chainId, network: params.network.name })
  return registrationStatus(client, params.address)
}
