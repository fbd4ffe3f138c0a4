import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { createPublicClient, http, type PublicClient } from 'viem'
import { DiscoveryPanel } from './components/DiscoveryPanel.tsx'
import { MetricsPanel } from './components/MetricsPanel.tsx'
import { SessionKeyPanel } from './components/SessionKeyPanel.tsx'
import { StreamPanel } from './components/StreamPanel.tsx'
import { VerificationPanel } from './components/VerificationPanel.tsx'
import { WalletPanel } from './components/WalletPanel.tsx'
import { discover } from './discovery/discover.ts'
import type { RankedOrchestrator } from './discovery/rankProbes.ts'
import { useEmitterValue } from './hooks/useEmitterValue.ts'
import { useSenderState } from './hooks/useSenderState.ts'
import { MetricsStore } from './metrics/MetricsStore.ts'
import type { WebNetwork } from './network/webNetwork.ts'
import { LiveGateway } from './session/LiveGateway.ts'
import { modelCatalogue } from './session/modelCatalogue.ts'
import type { WebPipelineSpec } from './session/pipelineSpec.ts'
import { loadOrCreateSessionKey, type SessionKey } from './sessionKey/sessionKeyStore.ts'
import { createVerifierAttachment } from './verification/createVerifierAttachment.ts'
import { loadRecomputer } from './verification/loadRecomputer.ts'
import { VerificationStore } from './verification/VerificationStore.ts'

declare global {
  interface Window {
    /** Handles for tests and debugging (read-only use). */
    prism?: Record<string, unknown>
  }
}

/**
 * The composition root of the browser gateway: wallet and session key, discovery, the live
 * stream with swaps, payments, verification and charts.
 */
export function App({ network }: { network: WebNetwork }) {
  const client = useMemo(
    () =>
      createPublicClient({
        chain: network.chain,
        transport: http(network.chain.rpcUrls.default.http[0]),
      }) as PublicClient,
    [network],
  )
  const [sessionKey, setSessionKey] = useState<SessionKey>()
  const sender = useSenderState(client, network.contracts, sessionKey?.account.address)
  const metrics = useMemo(() => new MetricsStore(120), [])
  const params = useMemo(() => new URLSearchParams(location.search), [])
  const [configured, setConfigured] = useState(params.get('orchestrators') ?? '')
  const [maxPrice, setMaxPrice] = useState(params.get('maxPrice') ?? '0')
  const [ranked, setRanked] = useState<RankedOrchestrator[]>([])
  const [discovering, setDiscovering] = useState(false)
  const [chainError, setChainError] = useState<string>()
  const [input, setInput] = useState<MediaStream>()
  const rankedRef = useRef<RankedOrchestrator[]>([])
  const kindRef = useRef<WebPipelineSpec['kind']>('ai')

  const { gateway, verification } = useMemo(() => {
    const verification = new VerificationStore()
    const ref: { gw?: LiveGateway } = {}
    const attach = [
      createVerifierAttachment({
        store: verification,
        metrics,
        snapshot: () => ref.gw!.snapshot,
        recomputer: loadRecomputer,
        swapOnFlag: params.get('verifySwap') !== '0',
        ...(params.get('verifyEvery') ? { intervalS: Number(params.get('verifyEvery')) } : {}),
      }),
    ]
    ref.gw = new LiveGateway({ candidates: () => rankedRef.current, metrics, attach })
    return { gateway: ref.gw, verification }
  }, [metrics, params])
  const snapshot = useEmitterValue(gateway.events, () => gateway.snapshot)

  useEffect(() => {
    void loadOrCreateSessionKey(network.chain.id).then(setSessionKey)
  }, [network])

  const refresh = useCallback(async () => {
    setDiscovering(true)
    try {
      const result = await discover({
        client,
        network,
        configured: configured
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        sender: sessionKey?.account.address,
        maxPricePerPixel: Number(maxPrice) || 0,
        pipelineKind: kindRef.current,
      })
      rankedRef.current = result.ranked
      setRanked(result.ranked)
      setChainError(result.chainError)
    } finally {
      setDiscovering(false)
    }
  }, [client, network, configured, sessionKey, maxPrice])

  useEffect(() => {
    if (!sessionKey) return
    void refresh()
  }, [sessionKey, refresh])

  useEffect(() => {
    window.prism = { gateway, metrics, network, sessionKey, ranked, refresh, verification }
  }, [gateway, metrics, network, sessionKey, ranked, refresh, verification])

  useEffect(() => () => void gateway.stop(), [gateway])

  const best = ranked.find((r) => r.url === snapshot.orchestrator) ?? ranked.find((r) => r.eligible)
  const catalogue = useMemo(() => modelCatalogue(best?.info), [best?.info])

  return (
    <>
      <header className="app">
        <h1>Prism gateway</h1>
        <WalletPanel network={network} />
      </header>
      <main className="app">
        <div className="col">
          <SessionKeyPanel
            network={network}
            client={client}
            sessionKey={sessionKey}
            state={sender.state}
            stateError={sender.error}
            refresh={sender.refresh}
          />
          <DiscoveryPanel
            ranked={ranked}
            busy={discovering}
            chainError={chainError}
            configured={configured}
            onConfigured={setConfigured}
            maxPrice={maxPrice}
            onMaxPrice={setMaxPrice}
            onRefresh={() => void refresh()}
            current={snapshot.orchestrator}
          />
        </div>
        <div className="col">
          <StreamPanel
            gateway={gateway}
            snapshot={snapshot}
            catalogue={catalogue}
            input={input}
            onInput={setInput}
            onBeforeStart={async (kind) => {
              kindRef.current = kind
              await refresh()
            }}
          />
          <VerificationPanel store={verification} />
          <MetricsPanel metrics={metrics} />
        </div>
      </main>
    </>
  )
}
