/**
 * Network presets: `arbitrum-one` (Livepeer's deployed contracts) and `dev` (a local anvil chain
 * described by a {@link Deployment}). The same client code serves both.
 */

import type { ContractAddresses, Deployment } from './deployment.ts'
import { ChainNetworkUnknownError } from './errors.ts'

/** Name of a network preset. */
export type NetworkName = 'dev' | 'arbitrum-one'

/** Everything a client needs to talk to a network's contracts. */
export type Network = {
  name: NetworkName
  chainId: number
  /** Default RPC endpoint; `undefined` for arbitrum-one (bring your own). */
  rpcUrl?: string
  contracts: ContractAddresses
  /** Gas a ticket redemption is assumed to cost (docs/protocol.md §2.6): 1200000 on Arbitrum, 350000 else. */
  redeemGas: bigint
  /** Round length in blocks, when known (dev); on arbitrum-one read it from RoundsManager. */
  roundLength?: number
}

/** Static presets. `dev` has no addresses until a deployment gives them (see {@link getNetwork}). */
export const NETWORKS = {
  'arbitrum-one': {
    name: 'arbitrum-one',
    chainId: 42161,
    contracts: {
      controller: '0xD8E8328501E9645d16Cf49539efC04f734606ee4',
      livepeerToken: '0x289ba1701C2F088cf0faf8B3705246331cB8A839',
      ticketBroker: '0xa8bB618B1520E284046F3dFc448851A1Ff26e41B',
      bondingManager: '0x35Bcf3c30594191d53231E4FF333E8A770453e40',
      roundsManager: '0xdd6f56DcC28D3F5f27084381fE8Df634985cc39f',
      serviceRegistry: '0xC92d3A360b8f9e083bA64DE15d95Cf8180897431',
      minter: '0xc20DE37170B45774e6CD3d2304017fc962f27252',
    },
    redeemGas: 1_200_000n,
  },
  dev: { name: 'dev', chainId: 31337, redeemGas: 350_000n },
} as const satisfies { 'arbitrum-one': Network; dev: Omit<Network, 'contracts'> }

/**
 * Returns the preset for `name` (`arbitrum-one-mainnet`, go-livepeer's name, is an alias of
 * `arbitrum-one`); `dev` takes its chain id, RPC URL, addresses and round length from
 * `deployment`.
 *
 * @throws ChainNetworkUnknownError (`CHAIN_NETWORK_UNKNOWN`) for an unknown name or `dev` without a deployment.
 * @example
 * const net = getNetwork('arbitrum-one') // net.contracts.ticketBroker === '0xa8bB…'
 * const dev = getNetwork('dev', decodeDeployment(json))
 */
export function getNetwork(name: string, deployment?: Deployment): Network {
  // go-livepeer's name for the same network
  if (name === 'arbitrum-one' || name === 'arbitrum-one-mainnet') {
    const preset = NETWORKS['arbitrum-one']
    return { ...preset, contracts: { ...preset.contracts } }
  }
  if (name === 'dev') {
    if (!deployment)
      throw new ChainNetworkUnknownError('the dev network needs a deployment file (run `prism dev` first)')
    return {
      name: 'dev',
      chainId: deployment.chainId,
      rpcUrl: deployment.rpcUrl,
      contracts: { ...deployment.contracts },
      redeemGas: NETWORKS.dev.redeemGas,
      roundLength: deployment.roundLength,
    }
  }
  throw new ChainNetworkUnknownError(
    `unknown network "${name}" (expected dev, arbitrum-one or arbitrum-one-mainnet)`,
  )
}
