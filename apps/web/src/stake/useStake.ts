import type { ChainClient } from '@prism/protocol'
import { useCallback, useEffect, useState } from 'react'
import type { Address } from 'viem'
import { readStake, type StakeState } from './readStake.ts'

/**
 * Polls the Stake view's state (round, pool, the account's stake and fees), so pending stake and
 * fees are seen growing round by round.
 * @param client the chain client (reads).
 * @param account the connected account, if any.
 * @param intervalMs poll interval. Default: 2000.
 * @returns the last state, the last read error and a refresh function.
 */
export function useStake(
  client: ChainClient,
  account: Address | undefined,
  intervalMs = 2000,
): { state: StakeState | undefined; error: string | undefined; refresh: () => Promise<void> } {
  const [state, setState] = useState<StakeState>()
  const [error, setError] = useState<string>()
  const refresh = useCallback(async () => {
    try {
      setState(await readStake(client, account))
      setError(undefined)
    } catch (err) {
      setError(err instanceof Error ? err.message.split('\n')[0] : String(err))
    }
  }, [client, account])
  useEffect(() => {
    void refresh()
    const timer = setInterval(() => void refresh(), intervalMs)
    return () => clearInterval(timer)
  }, [refresh, intervalMs])
  return { state, error, refresh }
}
