import { type Config, type CreateConnectorFn, createConfig, http, injected, mock } from 'wagmi'
import type { WebNetwork } from '../network/webNetwork.ts'
import { wasDevWalletConnected } from './devWalletSession.ts'

/**
 * Builds the wagmi config for a network: an injected connector (MetaMask and similar) and, on the
 * dev network, a `dev` connector (wagmi's mock connector) for the chain's pre-funded account, whose
 * transactions anvil signs. Both reconnect on reload: the injected one through wagmi's stored
 * session, the dev one when it was connected on this chain (see devWalletSession.ts). This file
 * and its siblings are the only modules that import wagmi.
 * @param network the network chosen by `loadWebNetwork`.
 * @returns the wagmi config.
 * @example
 * const config = createWalletConfig(await loadWebNetwork())
 */
export function createWalletConfig(network: WebNetwork): Config {
  const connectors: CreateConnectorFn[] = [injected({ shimDisconnect: true })]
  if (network.name === 'dev' && network.devAccount) {
    connectors.unshift(
      mock({
        accounts: [network.devAccount],
        features: { reconnect: true, defaultConnected: wasDevWalletConnected(network.chain.id) },
      }) as CreateConnectorFn,
    )
  }
  return createConfig({
    chains: [network.chain],
    connectors,
    transports: { [network.chain.id]: http(network.chain.rpcUrls.default.http[0]) },
    multiInjectedProviderDiscovery: false,
  })
}
