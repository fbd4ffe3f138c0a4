import { decodeDeployment, getNetwork, NETWORKS } from '@prism/protocol'
import { type Address, type Chain, defineChain } from 'viem'
import { arbitrum } from 'viem/chains'
import { parseWebConfig, withQuery } from './webConfig.ts'

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
  /**
   * Limits on the ticket params the payer accepts, wei. Default: go-livepeer's (3e12 per ticket,
   * 2e13 per payment). The dev network accepts the high-probability tickets `prism dev` quotes.
   */
  payerLimits?: { maxTicketEV: bigint; maxTotalEV: bigint }
  /** Highest price accepted by default, wei per pixel (config.json or `?maxPrice=`). */
  maxPrice?: string
}

/**
 * The payer limits of the dev network: `prism dev`'s orchestrator quotes tickets worth 0.000999 ETH
 * (a 0.001 ETH face value won 99.9% of the time), far above go-livepeer's 3e12 wei cap.
 */
export const DEV_PAYER_LIMITS = {
  maxTicketEV: 1_000_000_000_000_000n,
  maxTotalEV: 10_000_000_000_000_000n,
} as const

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
    payerLimits: { ...DEV_PAYER_LIMITS },
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

/** Fetches a JSON file next to index.html; undefined when the host does not serve it. */
export type FetchJson = (path: string) => Promise<unknown | undefined>

const fetchBesideIndex: FetchJson = async (path) => {
  const res = await fetch(new URL(path, document.baseURI), { cache: 'no-store' })
  if (!res.ok) return undefined
  return res.json()
}

/**
 * Chooses the network and the app's settings, for the dev server and any static host alike:
 * `config.json` next to index.html (see {@link WebConfig}) with the query parameters on top
 * (`?network=`, `?rpc=`, `?orchestrators=`, `?maxPrice=`), then the dev deployment (the config's
 * `deployment`, else `deployment.json` next to index.html, the file `prism dev` writes, which the
 * dev server and `prism web -deployment` serve) unless the network is `arbitrum-one`; else
 * Arbitrum One. `rpc` replaces the chain's RPC URL, `orchestrators` are probed first.
 * @param search the page's query string. Default: `location.search`.
 * @param fetchJson reads a file next to index.html. Default: fetch relative to the document.
 * @returns the network to use.
 * @throws WebConfigInvalidError `WEB_CONFIG_INVALID` when config.json is malformed.
 * @example
 * const network = await loadWebNetwork()
 */
export async function loadWebNetwork(
  search: string = location.search,
  fetchJson: FetchJson = fetchBesideIndex,
): Promise<WebNetwork> {
  const file = await fetchJson('config.json').catch(() => undefined)
  const config = withQuery(file === undefined ? {} : parseWebConfig(file), search)
  const extra = {
    ...(config.maxPrice !== undefined ? { maxPrice: config.maxPrice } : {}),
  }
  if (config.network !== 'arbitrum-one') {
    let deployment = config.deployment
    if (deployment === undefined) deployment = await fetchJson('deployment.json').catch(() => undefined)
    if (deployment !== undefined) {
      try {
        const dev = parseDevDeployment(deployment)
        const chain = config.rpc ? { ...dev.chain, rpcUrls: { default: { http: [config.rpc] } } } : dev.chain
        return {
          ...dev,
          ...extra,
          chain,
          orchestrators: [...(config.orchestrators ?? []), ...dev.orchestrators],
        }
      } catch (err) {
        console.warn('dev deployment unusable, using arbitrum-one', err)
      }
    }
  }
  const arbitrumNetwork = config.rpc ? arbitrumOneWithRpc(config.rpc) : arbitrumOne
  return { ...arbitrumNetwork, ...extra, orchestrators: config.orchestrators ?? [] }
}
