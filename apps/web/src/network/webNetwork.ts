import { decodeDeployment, getNetwork, NETWORKS } from '@prism/protocol'
import { type Address, type Chain, defineChain } from 'viem'
import { arbitrum } from 'viem/chains'

/** Contract addresses the web app talks to. */
export type WebContracts = {
  ticketBroker: Address
  bondingManager: Address
  roundsManager: Address
  serviceRegistry: Address
}

const arbitrumContracts = NETWORKS['arbitrum-one'].contracts

/** The network the app runs on: chain, contracts, and where the dev wallet comes from. */
export type WebNetwork = {
  /** `dev` (local anvil from `prism dev`) or `arbitrum-one`. */
  name: 'dev' | 'arbitrum-one'
  /** viem chain (id, rpc url). */
  chain: Chain
  /** Contract addresses. */
  contracts: WebContracts
  /** Pre-funded account of the local chain used by the dev connector (dev only). */
  devAccount?: Address
  /** Orchestrator URLs from the deployment file (dev), tried besides the chain pool. */
  orchestrators: string[]
}

/** Livepeer's deployed contracts on Arbitrum One (the @prism/protocol preset). */
export const arbitrumOne: WebNetwork = {
  name: 'arbitrum-one',
  chain: arbitrum,
  contracts: {
    ticketBroker: arbitrumContracts.ticketBroker,
    bondingManager: arbitrumContracts.bondingManager,
    roundsManager: arbitrumContracts.roundsManager,
    serviceRegistry: arbitrumContracts.serviceRegistry,
  },
  orchestrators: [],
}

/** anvil's default account 9, pre-funded and unlocked on the dev chain; the dev wallet. */
export const DEFAULT_DEV_ACCOUNT: Address = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720'

/**
 * Reads the dev deployment file written by `prism dev` (`.prism/dev/deployment.json`, served by
 * the app's origin at `/deployment.json`) into a {@link WebNetwork}.
 * @param json the parsed file.
 * @returns the dev network.
 * @throws ChainDeploymentInvalidError `CHAIN_DEPLOYMENT_INVALID` when a field is missing or malformed.
 * @example
 * parseDevDeployment(await (await fetch('/deployment.json')).json())
 */
export function parseDevDeployment(json: unknown): WebNetwork {
  const network = getNetwork('dev', decodeDeployment(json))
  const rpcUrl = network.rpcUrl ?? 'http://127.0.0.1:8545'
  const services = (json as { orchestrators?: unknown }).orchestrators
  return {
    name: 'dev',
    chain: defineChain({
      id: network.chainId,
      name: 'Prism dev (anvil)',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    }),
    contracts: network.contracts,
    devAccount: DEFAULT_DEV_ACCOUNT,
    orchestrators: Array.isArray(services) ? services.filter((o): o is string => typeof o === 'string') : [],
  }
}

/**
 * Arbitrum One with another RPC endpoint (the chain's default public RPC otherwise).
 * @param rpcUrl JSON-RPC URL.
 * @example arbitrumOneWithRpc('https://arb1.example/rpc').chain.id // 42161
 */
export function arbitrumOneWithRpc(rpcUrl: string): WebNetwork {
  return {
    ...arbitrumOne,
    chain: { ...arbitrum, rpcUrls: { ...arbitrum.rpcUrls, default: { http: [rpcUrl] } } },
  }
}

/**
 * Chooses the network: `?network=arbitrum-one` forces the preset; otherwise the dev deployment at
 * `/deployment.json` when the origin serves one, else arbitrum-one. `?rpc=` sets the Arbitrum
 * RPC endpoint.
 * @param search the page's query string. Default: `location.search`.
 * @returns the network to use.
 * @example
 * const network = await loadWebNetwork()
 */
export async function loadWebNetwork(search: string = location.search): Promise<WebNetwork> {
  const query = new URLSearchParams(search)
  const rpc = query.get('rpc')
  const arbitrumNetwork = rpc ? arbitrumOneWithRpc(rpc) : arbitrumOne
  if (query.get('network') === 'arbitrum-one') return arbitrumNetwork
  try {
    const res = await fetch('/deployment.json', { cache: 'no-store' })
    if (res.ok) return parseDevDeployment(await res.json())
  } catch (err) {
    console.warn('dev deployment unusable, using arbitrum-one', err)
  }
  return arbitrumNetwork
}
