import type { ChainClient } from '@prism/protocol'
import { useCallback, useEffect, useState } from 'react'
import type { Address } from 'viem'
import { readSenderState, type SenderState } from '../sessionKey/readSenderState.ts'

/**
 * Polls the session key's deposit, reserve, unlock state and balance.
 * @param client the chain client.
 * @param sender session key address (nothing is read while undefined).
 * @param intervalMs poll interval. Default: 2000.
 * @returns the last state (undefined before the first read), the last error and a refresh function.
 */
export function useSenderState(
  client: ChainClient,
  sender: Address | undefined,
  intervalMs = 2000,
): { state: SenderState | undefined; error: string | undefined; refresh: () => Promise<void> } {
  const [state, setState] = useState<SenderState>()
  const [error, setError] = useState<string>()
  const refresh = useCallback(async () => {
    if (!sender) return
    try {
      setState(await readSenderState(client, sender))
      setError(undefined)
    } catch (err) {
      setError(err instanceof Error ? err.message.split('\n')[0] : String(err))
    }
  }, [client, sender])
  useEffect(() => {
    void refresh()
    const timer = setInterval(() => void refresh(), intervalMs)
    return () => clearInterval(timer)
  }, [refresh, intervalMs])
  return { state, error, refresh }
}
