/** Deploys the Prism dev-chain contracts and registers them in the Controller. */
import { type ContractAddresses, contractArtifacts, contractId } from '@prism/protocol'
import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { DevSetupFailedError } from './errors.ts'

/** Contract parameters of a dev chain. */
export type DevChainParams = {
  /** Round length in blocks. */
  roundLength: number
  /** Locked share at the end of a round, parts per million. Default: 100000 (10%, as Livepeer). */
  roundLockAmount?: bigint
  /** Rounds between unlock() and withdraw(). Default: 2 (as Livepeer). */
  unlockPeriod?: bigint
  /** Rounds a ticket stays redeemable after its creation round. Default: 2 (as Livepeer). */
  ticketValidityPeriod?: bigint
  /** Maximum size of the orchestrator pool (active set). Default: 100 (as Livepeer). */
  numActiveTranscoders?: bigint
  /** Rounds between unbond() and withdrawStake(). Default: 2 (Livepeer: 7). */
  unbondingPeriod?: bigint
  /** Initial per-round inflation, parts per billion of the LPT supply. Default: 1000000 (0.1%). */
  inflation?: bigint
  /** Change of the inflation per round toward the target bonding rate. Default: 500 (as Livepeer). */
  inflationChange?: bigint
  /** Target bonded share of the LPT supply, parts per billion. Default: 500000000 (50%, as Livepeer). */
  targetBondingRate?: bigint
}

/** A wallet client with its account and chain set. */
export type DevWallet = WalletClient<Transport, Chain, Account>

/** Waits for `hash` and throws DevSetupFailedError unless it succeeded. */
export async function waitForSuccess(publicClient: PublicClient, hash: Hex, step: string) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (receipt.status !== 'success')
    throw new DevSetupFailedError(step, new Error(`transaction ${hash} reverted`))
  return receipt
}

async function deploy(
  publicClient: PublicClient,
  wallet: DevWallet,
  key: keyof typeof contractArtifacts,
  args: readonly unknown[],
): Promise<Address> {
  const artifact = contractArtifacts[key]
  try {
    const hash = await wallet.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args,
    } as Parameters<DevWallet['deployContract']>[0])
    const receipt = await waitForSuccess(publicClient, hash, `deploy ${artifact.name}`)
    if (!receipt.contractAddress) throw new Error('no contract address in receipt')
    return getAddress(receipt.contractAddress)
  } catch (err) {
    throw err instanceof DevSetupFailedError ? err : new DevSetupFailedError(`deploy ${artifact.name}`, err)
  }
}

/**
 * Deploys Controller, LivepeerToken, RoundsManager, BondingManager, Minter, TicketBroker and
 * ServiceRegistry from `wallet` (which becomes the Controller owner, and may mint dev LPT) and
 * registers each under keccak256(name).
 *
 * @throws DevSetupFailedError (`DEV_SETUP_FAILED`) when a deployment or registration fails.
 * @example
 * const contracts = await deployContracts(publicClient, deployerWallet, { roundLength: 20 })
 */
export async function deployContracts(
  publicClient: PublicClient,
  wallet: DevWallet,
  params: DevChainParams,
): Promise<ContractAddresses> {
  const controller = await deploy(publicClient, wallet, 'controller', [])
  const livepeerToken = await deploy(publicClient, wallet, 'livepeerToken', [controller])
  const roundsManager = await deploy(publicClient, wallet, 'roundsManager', [
    controller,
    BigInt(params.roundLength),
    params.roundLockAmount ?? 100_000n,
  ])
  const bondingManager = await deploy(publicClient, wallet, 'bondingManager', [
    controller,
    params.numActiveTranscoders ?? 100n,
    params.unbondingPeriod ?? 2n,
  ])
  const minter = await deploy(publicClient, wallet, 'minter', [
    controller,
    params.inflation ?? 1_000_000n,
    params.inflationChange ?? 500n,
    params.targetBondingRate ?? 500_000_000n,
  ])
  const ticketBroker = await deploy(publicClient, wallet, 'ticketBroker', [
    controller,
    params.unlockPeriod ?? 2n,
    params.ticketValidityPeriod ?? 2n,
  ])
  const serviceRegistry = await deploy(publicClient, wallet, 'serviceRegistry', [controller])
  const addresses = {
    controller,
    livepeerToken,
    ticketBroker,
    bondingManager,
    roundsManager,
    serviceRegistry,
    minter,
  }
  for (const key of [
    'livepeerToken',
    'roundsManager',
    'bondingManager',
    'minter',
    'ticketBroker',
    'serviceRegistry',
  ] as const) {
    const name = contractArtifacts[key].name
    try {
      const hash = await wallet.writeContract({
        address: controller,
        abi: contractArtifacts.controller.abi,
        functionName: 'setContract',
        args: [contractId(name), addresses[key]],
      })
      await waitForSuccess(publicClient, hash, `register ${name}`)
    } catch (err) {
      throw err instanceof DevSetupFailedError ? err : new DevSetupFailedError(`register ${name}`, err)
    }
  }
  return addresses
}
