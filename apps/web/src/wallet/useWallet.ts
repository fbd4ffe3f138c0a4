import { useCallback } from 'react'
import type { Address, WalletClient } from 'viem'
import { useConnect, useConnection, useConnectors, useDisconnect, useWalletClient } from 'wagmi'

/** A connector the user can pick. */
export type WalletConnectorInfo = { id: string; name: string }

/** What {@link useWallet} returns. */
export type UseWalletReturnType = {
  /** Connected account, if any. */
  address: Address | undefined
  /** Whether a wallet is connected. */
  isConnected: boolean
  /** Connectors offered (`mock` is the dev wallet on the dev network). */
  connectors: WalletConnectorInfo[]
  /** Connects with the connector of that id. */
  connect: (id: string) => Promise<void>
  /** Disconnects. */
  disconnect: () => Promise<void>
  /** A viem wallet client for the connected account (undefined while not connected). */
  walletClient: WalletClient | undefined
  /** Last connect error message. */
  error: string | undefined
}

/**
 * The wallet seen by the rest of the app, as plain viem types.
 * @example
 * const { connect, walletClient } = useWallet(); await connect('mock')
 */
export function useWallet(): UseWalletReturnType {
  const connection = useConnection()
  const connectors = useConnectors()
  const { mutateAsync: connectAsync, error } = useConnect()
  const { mutateAsync: disconnectAsync } = useDisconnect()
  const { data: walletClient } = useWalletClient()
  const connect = useCallback(
    async (id: string) => {
      const connector = connectors.find((c) => c.id === id)
      if (!connector) throw new Error(`no wallet connector ${id}`)
      await connectAsync({ connector })
    },
    [connectors, connectAsync],
  )
  const disconnect = useCallback(async () => {
    await disconnectAsync()
  }, [disconnectAsync])
  return {
    address: connection.address,
    isConnected: connection.isConnected,
    connectors: connectors.map((c) => ({
      id: c.id,
      name: c.id === 'mock' ? 'Dev wallet (local chain)' : c.name,
    })),
    connect,
    disconnect,
    walletClient: walletClient as WalletClient | undefined,
    error: error?.message.split('\n')[0],
  }
}
