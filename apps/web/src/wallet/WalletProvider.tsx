import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useMemo } from 'react'
import { WagmiProvider } from 'wagmi'
import type { WebNetwork } from '../network/webNetwork.ts'
import { createWalletConfig } from './createWalletConfig.ts'

/** Props of {@link WalletProvider}. */
export type WalletProviderProps = { network: WebNetwork; children: ReactNode }

/**
 * Provides the wallet (wagmi + react-query) for a network to its children.
 * @example
 * <WalletProvider network={network}><App /></WalletProvider>
 */
export function WalletProvider({ network, children }: WalletProviderProps) {
  const config = useMemo(() => createWalletConfig(network), [network])
  const queryClient = useMemo(() => new QueryClient(), [])
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </WagmiProvider>
  )
}
