/**
 * Brings a fresh anvil to a usable Prism dev chain: contracts deployed, first round initialized,
 * dev LPT minted to every anvil account, orchestrators registered (LPT bonded to themselves,
 * reward cut, fee share, service URI), gateways funded, and one round advanced so the
 * orchestrators are active.
 */
import {
  type ChainClient,
  contractArtifacts,
  type Deployment,
  type DevAccount,
  type DevAccounts,
  fundDepositAndReserve,
  registerTranscoder,
  toViemChain,
} from '@prism/protocol'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  parseEther,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type DevChainParams, type DevWallet, deployContracts, waitForSuccess } from './deployContracts.ts'
import { devAccountList } from './devAccounts.ts'
import { advanceRound, initializeRoundIfNeeded, roomInRound } from './devChainControl.ts'
import { DevSetupFailedError } from './errors.ts'

/** Options of {@link setupDevChain}. */
export type SetupDevChainOptions = {
  rpcUrl: string
  chainId: number
  accounts: DevAccounts
  params: DevChainParams
  /** Service URI of each orchestrator, by index; missing entries get `http://127.0.0.1:8935`. */
  serviceUris?: string[]
  /** Deposit and reserve funded for each gateway, in wei. Default: 1 ETH each. 0 skips funding. */
  gatewayFunds?: { deposit: bigint; reserve: bigint }
  /** Dev LPT minted to each of `lptHolders`, wei. Default: 10000 LPT. */
  devLpt?: bigint
  /** Accounts that get dev LPT. Default: all 10 anvil dev accounts. */
  lptHolders?: Address[]
}

/** Dev LPT each dev account starts with: 10000 LPT. */
export const DEV_LPT = parseEther('10000')

/** Mints `amount` dev LPT to each address, as the Controller owner. */
export async function mintDevLpt(
  publicClient: PublicClient,
  deployer: DevWallet,
  livepeerToken: Address,
  holders: Address[],
  amount: bigint,
): Promise<void> {
  for (const to of holders) {
    const hash = await deployer.writeContract({
      address: livepeerToken,
      abi: contractArtifacts.livepeerToken.abi,
      functionName: 'mint',
      args: [to, amount],
    })
    await waitForSuccess(publicClient, hash, `mint dev LPT to ${to}`)
  }
}

/** Creates a viem public client on `rpcUrl` that polls fast (local chain). */
export function devPublicClient(rpcUrl: string, chainId: number): PublicClient {
  return createPublicClient({
    chain: toViemChain({ name: 'dev', chainId }, rpcUrl),
    transport: http(rpcUrl),
    pollingInterval: 50,
  })
}

/** Creates a wallet client for a dev account on `rpcUrl`. */
export function devWalletClient(rpcUrl: string, chainId: number, account: DevAccount): DevWallet {
  return createWalletClient({
    account: privateKeyToAccount(account.privateKey),
    chain: toViemChain({ name: 'dev', chainId }, rpcUrl),
    transport: http(rpcUrl),
    pollingInterval: 50,
  })
}

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw err instanceof DevSetupFailedError ? err : new DevSetupFailedError(name, err)
  }
}

/**
 * Deploys and prepares the dev chain; returns its deployment (with accounts).
 *
 * @throws DevSetupFailedError (`DEV_SETUP_FAILED`) naming the step that failed.
 * @example
 * const deployment = await setupDevChain({ rpcUrl, chainId: 31337, accounts, params: { roundLength: 20 } })
 */
export async function setupDevChain(opts: SetupDevChainOptions): Promise<Deployment> {
  const { rpcUrl, chainId, accounts } = opts
  const publicClient = devPublicClient(rpcUrl, chainId)
  const deployer = devWalletClient(rpcUrl, chainId, accounts.deployer)
  const contracts = await deployContracts(publicClient, deployer, opts.params)
  const deployerClient: ChainClient = { public: publicClient, wallet: deployer, contracts }

  await step('initializeRound', () => initializeRoundIfNeeded(deployerClient))
  const holders = opts.lptHolders ?? devAccountList().map((a) => a.address)
  await step('mint dev LPT', () =>
    mintDevLpt(publicClient, deployer, contracts.livepeerToken, holders, opts.devLpt ?? DEV_LPT),
  )

  const clientOf = (account: DevAccount): ChainClient => ({
    public: publicClient,
    wallet: devWalletClient(rpcUrl, chainId, account),
    contracts,
  })
  for (const [i, orch] of accounts.orchestrators.entries()) {
    const uri = opts.serviceUris?.[i] ?? 'http://127.0.0.1:8935'
    // Distinct stakes (LPT bonded to itself) keep the pool order deterministic: orchestrator 0 first.
    const stake = parseEther(String(1000 - i * 100))
    await step(`register orchestrator ${i}`, () => roomInRound(deployerClient, 6))
    await step(`register orchestrator ${i}`, () =>
      registerTranscoder(clientOf(orch), { stake, rewardCut: 100_000n, feeShare: 500_000n, serviceUri: uri }),
    )
  }

  const funds = opts.gatewayFunds ?? { deposit: parseEther('1'), reserve: parseEther('1') }
  if (funds.deposit + funds.reserve > 0n) {
    for (const [i, gw] of accounts.gateways.entries())
      await step(`fund gateway ${i}`, () => fundDepositAndReserve(clientOf(gw), funds))
  }

  // Orchestrators activate from the round after they bond.
  await step('advance to the first active round', () => advanceRound(deployerClient))
  return { network: 'dev', chainId, rpcUrl, contracts, roundLength: opts.params.roundLength, accounts }
}
