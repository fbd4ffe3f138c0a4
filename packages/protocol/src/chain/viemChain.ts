/** viem chain definitions for Prism networks. */
import { type Chain, defineChain } from 'viem'
import { arbitrum } from 'viem/chains'
import type { Network } from './networks.ts'

/**
 * The viem `Chain` for `network`, with `rpcUrl` as its default HTTP endpoint.
 *
 * @example
 * const chain = toViemChain(getNetwork('dev', deployment), deployment.rpcUrl)
 */
export function toViemChain(network: Pick<Network, 'name' | 'chainId'>, rpcUrl: string): Chain {
  if (network.name === 'arbitrum-one') return { ...arbitrum, rpcUrls: { default: { http: [rpcUrl] } } }
  return defineChain({
    id: network.chainId,
    name: 'Prism dev',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
}
