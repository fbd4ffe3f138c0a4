import {
  type ChainClient,
  type ContractAddresses,
  type GetDelegatorReturnType,
  getDelegator,
  getLptBalance,
  getPendingFees,
  getPendingStake,
  getRoundInfo,
  getServiceUri,
  getTranscoder,
  getTranscoderPool,
  getTranscoderTotalStake,
  getUnbondingLocks,
  isActiveTranscoder,
  NETWORKS,
  type UnbondingLock,
} from '@prism/protocol'
import type { Address } from 'viem'
import type { WebNetwork } from '../network/webNetwork.ts'

/** One orchestrator of the pool, as a delegator compares them. */
export type OrchestratorRow = {
  address: Address
  /** Stake bonded to it (its own included), LPT wei. */
  totalStake: bigint
  /** Share of rewards it keeps, parts per million. */
  rewardCut: bigint
  /** Share of fees it gives to its delegators, parts per million. */
  feeShare: bigint
  serviceUri: string
  active: boolean
  lastRewardRound: bigint
}

/** The connected account as a delegator. */
export type DelegatorRow = GetDelegatorReturnType & {
  address: Address
  /** LPT in the wallet (bondable). */
  lpt: bigint
  /** Bonded stake with rewards not yet claimed. */
  pendingStake: bigint
  /** Fees withdrawable now, wei. */
  pendingFees: bigint
  unbondingLocks: UnbondingLock[]
}

/** What the Stake view shows. */
export type StakeState = {
  round: bigint
  roundInitialized: boolean
  orchestrators: OrchestratorRow[]
  /** The connected account; undefined without a wallet. */
  me: DelegatorRow | undefined
}

/**
 * The contracts the Stake view calls: the network's, with LPT (`livepeerToken`: the dev
 * deployment's, or Livepeer's on Arbitrum One).
 */
export function stakeContracts(network: WebNetwork): ChainClient['contracts'] {
  const known = network.contracts as Partial<ContractAddresses>
  const livepeerToken =
    known.livepeerToken ??
    (network.name === 'arbitrum-one' ? NETWORKS['arbitrum-one'].contracts.livepeerToken : undefined)
  return livepeerToken ? { ...network.contracts, livepeerToken } : { ...network.contracts }
}

async function orchestratorRow(client: ChainClient, address: Address): Promise<OrchestratorRow> {
  const [t, totalStake, serviceUri, active] = await Promise.all([
    getTranscoder(client, { address }),
    getTranscoderTotalStake(client, { address }),
    getServiceUri(client, { address }),
    isActiveTranscoder(client, { address }),
  ])
  return {
    address,
    totalStake,
    rewardCut: t.rewardCut,
    feeShare: t.feeShare,
    serviceUri,
    active,
    lastRewardRound: t.lastRewardRound,
  }
}

async function delegatorRow(client: ChainClient, address: Address): Promise<DelegatorRow> {
  const [d, lpt, pendingStake, pendingFees, unbondingLocks] = await Promise.all([
    getDelegator(client, { delegator: address }),
    getLptBalance(client, { address }),
    getPendingStake(client, { delegator: address }),
    getPendingFees(client, { delegator: address }),
    getUnbondingLocks(client, { delegator: address }),
  ])
  return { ...d, address, lpt, pendingStake, pendingFees, unbondingLocks }
}

/**
 * Reads the round, the orchestrator pool (stake, cuts, service URI, active) and, with `account`,
 * that account's stake, pending rewards and fees, LPT and unbonding locks, through the chain actions.
 *
 * @example
 * const state = await readStake(client, wallet.address)
 */
export async function readStake(client: ChainClient, account: Address | undefined): Promise<StakeState> {
  const [round, pool, me] = await Promise.all([
    getRoundInfo(client),
    getTranscoderPool(client),
    account ? delegatorRow(client, account) : Promise.resolve(undefined),
  ])
  return {
    round: round.currentRound,
    roundInitialized: round.currentRoundInitialized,
    orchestrators: await Promise.all(pool.map((a) => orchestratorRow(client, a))),
    me,
  }
}
