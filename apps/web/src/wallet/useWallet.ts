import { useCallback, useState } from 'react'
import type { Address, WalletClient } from 'viem'
import { useBalance, useConnect, useConnection, useConnectors, useDisconnect, useWalletClient } from 'wagmi'
import { describeWalletError } from './describeWalletError.ts'
import { rememberDevWallet } from './devWalletSession.ts'
import { WalletNotFoundError } from './errors.ts'

/** A connector the user can pick. */
export type WalletConnectorInfo = { id: string; name: string }

/** What {@link useWallet} returns. */
export type UseWalletReturnType = {
  /** Connected account, if any. */
  address: Address | undefined
  /** Whether a wallet is connected. */
  isConnected: boolean
  /** `connecting` and `reconnecting` (after a reload) are transient. */
  status: 'connected' | 'connecting' | 'reconnecting' | 'disconnected'
  /** ETH of the connected account (polled), undefined while unknown. */
  balance: bigint | undefined
  /** Connectors offered (`mock` is the dev wallet on the dev network). */
  connectors: WalletConnectorInfo[]
  /** Connects with the connector of that id; never throws (the reason goes to `error`). */
  connect: (id: string) => Promise<void>
  /** Disconnects; never throws. */
  disconnect: () => Promise<void>
  /** A viem wallet client for the connected account (undefined while not connected). */
  walletClient: WalletClient | undefined
  /** Why the last connect or disconnect failed, as a sentence with the fix. */
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
  const { mutateAsync: connectAsync } = useConnect()
  const { mutateAsync: disconnectAsync } = useDisconnect()
  const { data: walletClient } = useWalletClient()
  const { data: balance } = useBalance({
    address: connection.address,
    query: { enabled: connection.address !== undefined, refetchInterval: 4000 },
  })
  const [error, setError] = useState<string>()
  const connect = useCallback(
    async (id: string) => {
      setError(undefined)
      try {
        const connector = connectors.find((c) => c.id === id)
        if (!connector) throw new Error(`no wallet connector ${id}`)
        if (connector.type === 'injected' && !(await connector.getProvider().catch(() => undefined)))
          throw new WalletNotFoundError()
        const result = await connectAsync({ connector })
        if (id === 'mock') rememberDevWallet(result.chainId)
      } catch (err) {
        setError(describeWalletError(err))
      }
    },
    [connectors, connectAsync],
  )
  const disconnect = useCallback(async () => {
    setError(undefined)
    rememberDevWallet(undefined)
    try {
      await disconnectAsync()
    } catch (err) {
      setError(describeWalletError(err))
    }
  }, [disconnectAsync])
  return {
    address: connection.address,
    isConnected: connection.isConnected,
    status: connection.status,
    balance: balance?.value,
    connectors: connectors.map((c) => ({
      id: c.id,
      name: c.id === 'mock' ? 'Dev wallet' : c.type === 'injected' ? 'Browser wallet' : c.name,
    })),
    connect,
    disconnect,
    walletClient: walletClient as WalletClient | undefined,
    error,
  }
}
