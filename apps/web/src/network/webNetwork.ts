import { type Address, type Chain, defineChain, isAddress } from 'viem'
import { arbitrum } from 'viem/chains'

/** Contract addresses the web app talks to. */
export type WebContracts = {
  ticketBroker: Address
  bondingManager: Address
  roundsManager: Address
  serviceRegistry: Address
}

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

/** Livepeer's deployed contracts on Arbitrum One (PROTOCOL.md section 4.1). */
export const arbitrumOne: WebNetwork = {
  name: 'arbitrum-one',
  chain: arbitrum,
  contracts: {
    ticketBroker: '0xa8bB618B1520E284046F3dFc448851A1Ff26e41B',
    bondingManager: '0x35Bcf3c30594191d53231E4FF333E8A770453e40',
    roundsManager: '0xdd6f56DcC28D3F5f27084381fE8Df634985cc39f',
    serviceRegistry: '0xC92d3A360b8f9e083bA64DE15d95Cf8180897431',
  },
  orchestrators: [],
}

/** anvil's default account 9, pre-funded and unlocked on the dev chain; the dev wallet. */
export const DEFAULT_DEV_ACCOUNT: Address = '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720'

type Json = Record<string, unknown>

function pick(obj: Json, ...names: string[]): unknown {
  for (const n of names) {
    for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === n.toLowerCase()) return v
  }
  return undefined
}

function pickAddress(obj: Json, ...names: string[]): Address | undefined {
  const v = pick(obj, ...names)
  if (typeof v === 'string' && isAddress(v)) return v
  if (v && typeof v === 'object') {
    const inner = pick(v as Json, 'address', 'proxy')
    if (typeof inner === 'string' && isAddress(inner)) return inner
  }
  return undefined
}

/**
 * Reads the dev deployment file written by `prism dev` (`.prism/dev/deployment.json`, served by
 * the app's origin at `/deployment.json`) into a {@link WebNetwork}.
 * @param json the parsed file.
 * @returns the dev network, or undefined when the file lacks a chain id, rpc url or contract.
 * @example
 * parseDevDeployment({ chainId: 31337, rpcUrl: 'http://127.0.0.1:8545', contracts: { TicketBroker: '0x…', … } })
 */
export function parseDevDeployment(json: unknown): WebNetwork | undefined {
  if (!json || typeof json !== 'object') return undefined
  const root = json as Json
  const chainId = Number(pick(root, 'chainId'))
  const rpcUrl = pick(root, 'rpcUrl', 'rpc', 'url')
  const contractsJson = (pick(root, 'contracts', 'addresses') ?? root) as Json
  const ticketBroker = pickAddress(contractsJson, 'ticketBroker', 'TicketBroker')
  const bondingManager = pickAddress(contractsJson, 'bondingManager', 'BondingManager')
  const roundsManager = pickAddress(contractsJson, 'roundsManager', 'RoundsManager')
  const serviceRegistry = pickAddress(contractsJson, 'serviceRegistry', 'ServiceRegistry')
  if (!Number.isInteger(chainId) || typeof rpcUrl !== 'string') return undefined
  if (!ticketBroker || !bondingManager || !roundsManager || !serviceRegistry) return undefined
  const orchestratorsJson = pick(root, 'orchestrators', 'orchestratorUrls')
  const orchestrators = Array.isArray(orchestratorsJson)
    ? orchestratorsJson.flatMap((o) =>
        typeof o === 'string'
          ? [o]
          : o && typeof o === 'object'
            ? [pick(o as Json, 'serviceUri', 'url', 'uri')]
            : [],
      )
    : []
  const gateway = pick(root, 'gateway', 'gatewayAccount', 'devAccount')
  const gatewayAddress =
    typeof gateway === 'string' && isAddress(gateway)
      ? gateway
      : gateway && typeof gateway === 'object'
        ? pickAddress({ a: gateway }, 'a')
        : undefined
  return {
    name: 'dev',
    chain: defineChain({
      id: chainId,
      name: 'Prism dev (anvil)',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    }),
    contracts: { ticketBroker, bondingManager, roundsManager, serviceRegistry },
    devAccount: gatewayAddress ?? DEFAULT_DEV_ACCOUNT,
    orchestrators: orchestrators.filter((o): o is string => typeof o === 'string'),
  }
}

/**
 * Chooses the network: `?network=arbitrum-one` forces the preset; otherwise the dev deployment at
 * `/deployment.json` when the origin serves one, else arbitrum-one.
 * @param search the page's query string. Default: `location.search`.
 * @returns the network to use.
 * @example
 * const network = await loadWebNetwork()
 */
export async function loadWebNetwork(search: string = location.search): Promise<WebNetwork> {
  const wanted = new URLSearchParams(search).get('network')
  if (wanted === 'arbitrum-one') return arbitrumOne
  try {
    const res = await fetch('/deployment.json', { cache: 'no-store' })
    if (res.ok) {
      const parsed = parseDevDeployment(await res.json())
      if (parsed) return parsed
    }
  } catch {}
  return arbitrumOne
}
