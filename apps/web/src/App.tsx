import { type ChainClient, probeOrchestrator, SuspensionList } from '@prism/protocol'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { createPublicClient, http, type PublicClient } from 'viem'
import { DiscoveryPanel } from './components/DiscoveryPanel.tsx'
import { LedgerPanel } from './components/LedgerPanel.tsx'
import { MetricsPanel } from './components/MetricsPanel.tsx'
import { SessionKeyPanel } from './components/SessionKeyPanel.tsx'
import { StreamPanel } from './components/StreamPanel.tsx'
import { VerificationPanel } from './components/VerificationPanel.tsx'
import { WalletPanel } from './components/WalletPanel.tsx'
import { discover, type RankedOrchestrator } from './discovery/discover.ts'
import { useEmitterValue } from './hooks/useEmitterValue.ts'
import { useSenderState } from './hooks/useSenderState.ts'
import { MetricsStore } from './metrics/MetricsStore.ts'
import type { WebNetwork } from './network/webNetwork.ts'
import { ChainClock } from './payment/ChainClock.ts'
import { PaymentDriver } from './payment/PaymentDriver.ts'
import { PaymentLedger } from './payment/PaymentLedger.ts'
import { readRedemptions } from './payment/watchRedemptions.ts'
import { type AttachSession, LiveGateway } from './session/LiveGateway.ts'
import { modelCatalogue } from './session/modelCatalogue.ts'
import type { WebPipelineSpec } from './session/pipelineSpec.ts'
import type { SenderState } from './sessionKey/readSenderState.ts'
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
  /** The chain actions' client (reads; the wallet and the session key sign their own writes). */
  const chain = useMemo(
    (): ChainClient => ({ public: client, contracts: network.contracts }),
    [client, network],
  )
  const [sessionKey, setSessionKey] = useState<SessionKey>()
  const sender = useSenderState(chain, sessionKey?.account.address)
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

  const live = useRef<{ key?: SessionKey; sender?: SenderState; input?: MediaStream }>({})
  live.current = {
    ...(sessionKey ? { key: sessionKey } : {}),
    ...(sender.state ? { sender: sender.state } : {}),
    ...(input ? { input } : {}),
  }
  const clock = useMemo(() => new ChainClock(chain), [chain])
  const { gateway, verification, ledger } = useMemo(() => {
    const verification = new VerificationStore()
    const ledger = new PaymentLedger()
    const ref: { gw?: LiveGateway } = {}
    const attach: AttachSession[] = [
      (session) => {
        const key = live.current.key
        if (!key) return { close() {} }
        return new PaymentDriver({
          session,
          signer: key.account,
          fetchInfo: async () => {
            const probe = await probeOrchestrator(
              { url: session.url, source: 'configured' },
              { sender: key.account.address },
            )
            if (!probe.info) throw new Error(`cannot read ${session.url}/info: ${probe.error}`)
            return probe.info
          },
          clock,
          sender: () => live.current.sender,
          ledger,
          metrics,
          inputSize: () => {
            const s = live.current.input?.getVideoTracks()[0]?.getSettings()
            return s?.width && s.height ? { width: s.width, height: s.height } : undefined
          },
        })
      },
      createVerifierAttachment({
        store: verification,
        metrics,
        snapshot: () => ref.gw!.snapshot,
        recomputer: loadRecomputer,
        swapOnFlag: params.get('verifySwap') !== '0',
        ...(params.get('verifyEvery') ? { intervalS: Number(params.get('verifyEvery')) } : {}),
      }),
    ]
    ref.gw = new LiveGateway({
      candidates: () => rankedRef.current,
      metrics,
      attach,
      // the session key signs each WHIP offer: a paid node binds the session to it
      signer: () => live.current.key?.account,
    })
    return { gateway: ref.gw, verification, ledger }
  }, [metrics, params, clock])

  useEffect(() => {
    clock.start()
    return () => clock.stop()
  }, [clock])

  useEffect(() => {
    const key = sessionKey?.account.address
    if (!key) return
    const poll = () =>
      void readRedemptions(client, network.contracts.ticketBroker, key).then(
        (r) => ledger.update({ redeemedOnChain: r.count, redeemedValue: r.faceValue }),
        () => {},
      )
    poll()
    const timer = setInterval(poll, 5000)
    return () => clearInterval(timer)
  }, [client, network, sessionKey, ledger])
  const snapshot = useEmitterValue(gateway.events, () => gateway.snapshot)
  // Orchestrators that failed or were flagged in this tab sit out for a while (docs/protocol.md §6.3).
  const suspensions = useMemo(() => new SuspensionList({ baseMs: 120_000 }), [])
  const suspendedCount = useRef(0)

  useEffect(() => {
    void loadOrCreateSessionKey(network.chain.id).then(setSessionKey)
  }, [network])

  const refresh = useCallback(async () => {
    setDiscovering(true)
    try {
      const result = await discover({
        client: chain,
        network,
        configured: configured
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        sender: sessionKey?.account.address,
        maxPricePerPixel: Number(maxPrice) || 0,
        pipelineKind: kindRef.current,
        suspensions,
      })
      rankedRef.current = result.ranked
      setRanked(result.ranked)
      setChainError(result.chainError)
    } finally {
      setDiscovering(false)
    }
  }, [chain, network, configured, sessionKey, maxPrice, suspensions])

  useEffect(() => {
    if (snapshot.swaps.length < suspendedCount.current) suspendedCount.current = 0
    if (snapshot.swaps.length <= suspendedCount.current) return
    for (const swap of snapshot.swaps.slice(suspendedCount.current))
      suspensions.suspend(swap.from, swap.reason === 'verification-failed' ? 5 : 1)
    suspendedCount.current = snapshot.swaps.length
    void refresh()
  }, [snapshot.swaps, suspensions, refresh])

  useEffect(() => {
    if (!sessionKey) return
    void refresh()
  }, [sessionKey, refresh])

  useEffect(() => {
    window.prism = { gateway, metrics, network, sessionKey, ranked, refresh, verification, ledger }
  }, [gateway, metrics, network, sessionKey, ranked, refresh, verification, ledger])

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
          <LedgerPanel ledger={ledger} />
          <VerificationPanel store={verification} />
          <MetricsPanel metrics={metrics} />
        </div>
      </main>
    </>
  )
}
