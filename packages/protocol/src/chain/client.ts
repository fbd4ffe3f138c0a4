/**
 * What the chain actions (`./actions/`) run on: a viem public client for reads, optionally a
 * wallet client for writes, and the contract addresses. Node and browser build it the same way.
 */
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { ContractAddresses } from './deployment.ts'
import { ChainRpcUnavailableError } from './errors.ts'
import type { Network } from './networks.ts'
import { toViemChain } from './viemChain.ts'

/** The contracts the chain actions call. */
export type ChainContracts = Pick<
  ContractAddresses,
  'ticketBroker' | 'bondingManager' | 'roundsManager' | 'serviceRegistry'
> &
  /** Needed only by the LPT actions (balance, approve) and Controller lookups. */
  Partial<Pick<ContractAddresses, 'livepeerToken' | 'minter' | 'controller'>>

/**
 * A client of the Livepeer contracts: what every chain action takes first.
 *
 * @example
 * const client: ChainClient = { public: publicClient, wallet: walletClient, contracts: network.contracts }
 * await getSenderInfo(client, { sender })
 */
export type ChainClient = {
  /** Reads, simulations and receipts. */
  public: PublicClient<Transport, Chain | undefined>
  /** Signs and sends writes (its `account` is the caller). Without it, writes throw CHAIN_ACCOUNT_MISSING. */
  wallet?: WalletClient<Transport, Chain | undefined, Account | undefined> | undefined
  /** Contract addresses. */
  contracts: ChainContracts
  /** How long a write waits for its receipt, ms. Default: 120000. */
  receiptTimeoutMs?: number
}

/** A {@link ChainClient} built for a network preset by {@link createChainClient}. */
export type NetworkChainClient = ChainClient & {
  /** The network preset (contracts, redeemGas, name). */
  network: Network
  /** The JSON-RPC endpoint. */
  rpcUrl: string
}

/** Parameters of {@link createChainClient}. */
export type CreateChainClientParameters = {
  /** Network preset (from `getNetwork`). */
  network: Network
  /** JSON-RPC endpoint. Default: `network.rpcUrl` (required for arbitrum-one). */
  rpcUrl?: string | undefined
  /** Signing account (private key or viem account). Without it, only reads work. */
  account?: Hex | Account | undefined
  /** Poll interval for receipts and block reads, ms. Default: 1000 (200 on dev). */
  pollingIntervalMs?: number
  /** How long a write waits for its receipt, ms. Default: 120000. */
  receiptTimeoutMs?: number
}

/**
 * Builds a {@link ChainClient} on HTTP JSON-RPC for a network preset.
 *
 * @throws ChainRpcUnavailableError (`CHAIN_RPC_UNAVAILABLE`) when there is no RPC URL.
 * @example
 * const client = createChainClient({ network: getNetwork('dev', deployment), account: privateKey })
 * const { amount } = await reward(client)
 */
export function createChainClient(params: CreateChainClientParameters): NetworkChainClient {
  const { network } = params
  const rpcUrl = params.rpcUrl ?? network.rpcUrl
  if (!rpcUrl) throw new ChainRpcUnavailableError('(none)', new Error(`no RPC URL for ${network.name}`))
  const pollingInterval = params.pollingIntervalMs ?? (network.name === 'dev' ? 200 : 1000)
  const chain = toViemChain(network, rpcUrl)
  const transport = http(rpcUrl, { retryCount: 1, timeout: 15_000 })
  const client: NetworkChainClient = {
    public: createPublicClient({ chain, transport, pollingInterval }),
    contracts: network.contracts,
    network,
    rpcUrl,
    ...(params.receiptTimeoutMs === undefined ? {} : { receiptTimeoutMs: params.receiptTimeoutMs }),
  }
  if (params.account) {
    const account = typeof params.account === 'string' ? privateKeyToAccount(params.account) : params.account
    client.wallet = createWalletClient({ account, chain, transport, pollingInterval })
  }
  return client
}
