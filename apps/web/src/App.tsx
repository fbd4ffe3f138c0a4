import { type ChainClient, probeOrchestrator, SuspensionList } from '@prism/protocol'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { createPublicClient, http, type PublicClient } from 'viem'
import { DiscoveryPanel } from './components/DiscoveryPanel.tsx'
import { Drawer, type DrawerTab } from './components/Drawer.tsx'
import { FundsPanel } from './components/FundsPanel.tsx'
import { Header } from './components/Header.tsx'
import { LedgerPanel } from './components/LedgerPanel.tsx'
import { MetricsPanel } from './components/MetricsPanel.tsx'
import { RedemptionToast } from './components/RedemptionToast.tsx'
import { SetupCard } from './components/SetupCard.tsx'
import { SourcePanel } from './components/SourcePanel.tsx'
import { StartBar } from './components/StartBar.tsx'
import { StudioStage } from './components/StudioStage.tsx'
import { StylePanel } from './components/StylePanel.tsx'
import { SwapLog } from './components/SwapLog.tsx'
import { VerificationPanel } from './components/VerificationPanel.tsx'
import { DiscoveryLoop } from './discovery/DiscoveryLoop.ts'
import { discover, type RankedOrchestrator } from './discovery/discover.ts'
import { whyNoOrchestrator } from './discovery/explainIneligible.ts'
import { useEmitterValue } from './hooks/useEmitterValue.ts'
import { useSenderState } from './hooks/useSenderState.ts'
import { useStudio } from './hooks/useStudio.ts'
import { costPerMinute } from './lib/format.ts'
import { MetricsStore } from './metrics/MetricsStore.ts'
import type { WebNetwork } from './network/webNetwork.ts'
import { ChainClock } from './payment/ChainClock.ts'
import { expectedPixelRate } from './payment/expectedPixelRate.ts'
import { PaymentDriver } from './payment/PaymentDriver.ts'
import { PaymentLedger } from './payment/PaymentLedger.ts'
import { type Redemption, watchRedemptions } from './payment/watchRedemptions.ts'
import { type AttachSession, LiveGateway } from './session/LiveGateway.ts'
import { modelCatalogue } from './session/modelCatalogue.ts'
import type { WebPipelineSpec } from './session/pipelineSpec.ts'
import { matchPreset } from './session/presets.ts'
import type { SenderState } from './sessionKey/readSenderState.ts'
import { loadOrCreateSessionKey, type SessionKey } from './sessionKey/sessionKeyStore.ts'
import { StakeView } from './stake/StakeView.tsx'
import { StandbyLedger } from './swap/StandbyLedger.ts'
import { createVerifierAttachment } from './verification/createVerifierAttachment.ts'
import { loadRecomputer } from './verification/loadRecomputer.ts'
import { VerificationStore } from './verification/VerificationStore.ts'
import { useWallet } from './wallet/useWallet.ts'

declare global {
  interface Window {
    /** Handles for tests and debugging (read-only use). */
    prism?: Record<string, unknown>
  }
}

/** How long Start keeps probing for an orchestrator that has yet to see fresh funds, ms. */
const START_WAIT_MS = 15_000

function outputLabel(spec: WebPipelineSpec, input: { width: number; height: number } | undefined): string {
  if (spec.kind === 'ai') return `${spec.width}×${spec.height} · 30 fps`
  if (spec.kind === 'transcode')
    return `${spec.profiles.length} rendition${spec.profiles.length === 1 ? '' : 's'}`
  return input ? `${input.width}×${input.height} · 30 fps` : 'camera size · 30 fps'
}

/**
 * The composition root of the browser gateway: the studio (output as the hero, camera preview,
 * style presets and sliders, one Start), money in the header, the setup card for a first visit,
 * and the details drawer (funds, orchestrators, payments, verification, charts).
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
  const wallet = useWallet()
  const [sessionKey, setSessionKey] = useState<SessionKey>()
  const sender = useSenderState(chain, sessionKey?.account.address)
  const refreshSender = sender.refresh
  const metrics = useMemo(() => new MetricsStore(120), [])
  const params = useMemo(() => new URLSearchParams(location.search), [])
  const [configured, setConfigured] = useState('')
  const [maxPrice, setMaxPrice] = useState(network.maxPrice ?? '0')
  const [drawer, setDrawer] = useState<DrawerTab>()
  const [toast, setToast] = useState<Redemption>()
  const rankedRef = useRef<RankedOrchestrator[]>([])
  // Orchestrators that failed or were flagged in this tab sit out for a while (docs/protocol.md §6.3).
  const suspensions = useMemo(() => new SuspensionList({ baseMs: 120_000 }), [])
  const suspendedUntil = useRef(new Map<string, number>())

  const live = useRef<{ key?: SessionKey; sender?: SenderState; input?: MediaStream }>({})
  const clock = useMemo(() => new ChainClock(chain), [chain])

  // --- discovery: on demand, every 15 s, and quickly after funding until the nodes see the funds ---
  const loop = useMemo(
    () => new DiscoveryLoop({ discover: async () => ({ ranked: [], chainError: undefined }) }),
    [],
  )
  const discovery = useEmitterValue(loop.events, () => loop.state)
  rankedRef.current = discovery.ranked

  const { gateway, verification, ledger } = useMemo(() => {
    const verification = new VerificationStore()
    const ledger = new PaymentLedger()
    const ref: { gw?: LiveGateway } = {}
    // the payment prepares every session, a warm standby's included (a paid node admits it prepaid)
    const pay: AttachSession = (session) => {
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
        // a standby's status shows once it serves; what it spends counts at once
        ledger: new StandbyLedger(ledger, () => ref.gw?.session === session),
        metrics,
        inputSize: () => {
          const s = live.current.input?.getVideoTracks()[0]?.getSettings()
          return s?.width && s.height ? { width: s.width, height: s.height } : undefined
        },
        limits: network.payerLimits,
      })
    }
    const attach: AttachSession[] = [
      createVerifierAttachment({
        store: verification,
        metrics,
        snapshot: () => ref.gw!.snapshot,
        recomputer: loadRecomputer,
        swapOnFlag: params.get('verifySwap') !== '0',
        onFlag: (session, detail) => ref.gw?.flagSession(session, detail),
        ...(params.get('verifyEvery') ? { intervalS: Number(params.get('verifyEvery')) } : {}),
      }),
    ]
    ref.gw = new LiveGateway({
      candidates: () => rankedRef.current,
      metrics,
      prepare: [pay],
      attach,
      // ?standby=0: no warm standby; ?fastSwap=0: only the no-output watchdog (bench:swap compares)
      warmStandby: params.get('standby') !== '0',
      fastDetection: params.get('fastSwap') !== '0',
      explainNoCandidate: () => whyNoOrchestrator(rankedRef.current),
      // the session key signs each WHIP offer: a paid node binds the session to it
      signer: () => live.current.key?.account,
    })
    return { gateway: ref.gw, verification, ledger }
  }, [metrics, params, clock, network])

  const snapshot = useEmitterValue(gateway.events, () => gateway.snapshot)
  const ledgerState = useEmitterValue(ledger.events, () => ledger.state)
  const funds = sender.state ? sender.state.deposit + sender.state.reserve.fundsRemaining : undefined
  const funded: boolean | undefined = sender.state
    ? sender.state.deposit > 0n && sender.state.reserve.fundsRemaining > 0n
    : sender.error
      ? false
      : undefined
  const setupOpen = funded === false

  // The orchestrator streaming, else the best eligible one, else (for the price) any with a price.
  const best =
    discovery.ranked.find((r) => r.url === snapshot.orchestrator) ??
    discovery.ranked.find((r) => r.eligible) ??
    discovery.ranked.find((r) => r.pricePerPixel !== undefined)
  const catalogue = useMemo(() => modelCatalogue(best?.info), [best?.info])

  const onBeforeStart = useCallback(
    async (_kind: WebPipelineSpec['kind']) => {
      // Right after funding, a node may still refuse until its next block: keep probing a little.
      const ok = await loop.waitForEligible(funded ? START_WAIT_MS : 0)
      if (!ok) throw new Error(whyNoOrchestrator(loop.state.ranked))
      return true
    },
    [loop, funded],
  )
  const studio = useStudio({ gateway, snapshot, catalogue, onBeforeStart })

  live.current = {
    ...(sessionKey ? { key: sessionKey } : {}),
    ...(sender.state ? { sender: sender.state } : {}),
    ...(studio.input ? { input: studio.input } : {}),
  }

  useEffect(() => {
    clock.start()
    return () => clock.stop()
  }, [clock])

  useEffect(() => {
    void loadOrCreateSessionKey(network.chain.id).then(setSessionKey)
  }, [network])

  useEffect(() => {
    loop.start()
    return () => loop.stop()
  }, [loop])

  // One discovery round with the current inputs; probe again whenever one changes.
  const specKind = studio.spec.kind
  const discoverNow = useCallback(
    () =>
      discover({
        client: chain,
        network,
        configured: configured
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        sender: sessionKey?.account.address,
        maxPricePerPixel: Number(maxPrice) || 0,
        pipelineKind: specKind,
        suspensions,
        suspendedUntil: (url) => suspendedUntil.current.get(url),
      }),
    [chain, network, configured, sessionKey, maxPrice, specKind, suspensions],
  )
  useEffect(() => {
    loop.setDiscover(discoverNow)
    if (sessionKey) void loop.refresh()
  }, [loop, discoverNow, sessionKey])

  // New funds (from this tab or elsewhere): the nodes see them on their next block.
  const lastFunds = useRef<bigint | undefined>(undefined)
  useEffect(() => {
    if (funds === undefined) return
    if (lastFunds.current !== undefined && funds > lastFunds.current) loop.afterFunding()
    lastFunds.current = funds
  }, [funds, loop])

  const onFunded = useCallback(async () => {
    await refreshSender()
    loop.afterFunding()
  }, [refreshSender, loop])

  // Failed or flagged orchestrators sit out; the ranking is refreshed for the next swap.
  const suspendedCount = useRef(0)
  useEffect(() => {
    if (snapshot.swaps.length < suspendedCount.current) suspendedCount.current = 0
    if (snapshot.swaps.length <= suspendedCount.current) return
    for (const swap of snapshot.swaps.slice(suspendedCount.current)) {
      const until = suspensions.suspend(swap.from, swap.reason === 'verification-failed' ? 5 : 1)
      suspendedUntil.current.set(swap.from, until)
    }
    suspendedCount.current = snapshot.swaps.length
    void loop.refresh()
  }, [snapshot.swaps, suspensions, loop])

  // Our winning tickets, as the chain reports their redemption.
  useEffect(() => {
    const key = sessionKey?.account.address
    if (!key) return
    let stop: (() => void) | undefined
    let cancelled = false
    void (async () => {
      const head = network.name === 'dev' ? 0n : await client.getBlockNumber().catch(() => 0n)
      if (cancelled) return
      stop = watchRedemptions({
        client,
        ticketBroker: network.contracts.ticketBroker,
        sender: key,
        fromBlock: head > 50_000n ? head - 50_000n : 0n,
        onUpdate: (total, fresh, first) => {
          ledger.update({ redeemedOnChain: total.count, redeemedValue: total.faceValue })
          ledger.addRedemptions(fresh)
          // Only a win while the page is open pops up; older ones are in the Payments tab.
          const newest = fresh.at(-1)
          if (newest && !first) setToast(newest)
        },
      })
    })()
    return () => {
      cancelled = true
      stop?.()
    }
  }, [client, network, sessionKey, ledger])

  useEffect(() => {
    if (!toast) return
    const timer = setTimeout(() => setToast(undefined), 20_000)
    return () => clearTimeout(timer)
  }, [toast])

  const refresh = useCallback(() => loop.refresh(), [loop])
  useEffect(() => {
    window.prism = {
      gateway,
      metrics,
      network,
      sessionKey,
      ranked: discovery.ranked,
      refresh,
      discovery: loop,
      verification,
      ledger,
    }
  }, [gateway, metrics, network, sessionKey, discovery.ranked, refresh, loop, verification, ledger])

  useEffect(() => () => void gateway.stop(), [gateway])

  // --- money: the price that applies, the output's pixel rate, the cost per minute ---
  const settings = studio.input?.getVideoTracks()[0]?.getSettings()
  const inputSize =
    settings?.width && settings.height ? { width: settings.width, height: settings.height } : undefined
  const pixelsPerSecond = expectedPixelRate(studio.spec, inputSize)
  const price =
    studio.running && ledgerState.pricePerPixel !== undefined
      ? ledgerState.pricePerPixel
      : best?.pricePerPixel
  const cost = price === undefined ? undefined : costPerMinute(price, pixelsPerSecond)
  const label = outputLabel(studio.spec, inputSize)

  const eligible = discovery.ranked.filter((r) => r.eligible).length
  const blocker =
    eligible > 0
      ? undefined
      : !wallet.isConnected && funded === false
        ? 'Connect a wallet and fund your session key to start'
        : funded === false
          ? 'Fund your session key to start'
          : undefined
  const found = discovery.ranked.length
  const discoveryLine = discovery.waitingForFunds
    ? 'Waiting for orchestrators to see your new funds…'
    : eligible > 0
      ? `${eligible} orchestrator${eligible === 1 ? '' : 's'} ready`
      : discovery.updatedAt === undefined
        ? 'Looking for orchestrators…'
        : blocker
          ? `${found} orchestrator${found === 1 ? '' : 's'} found`
          : whyNoOrchestrator(discovery.ranked)
  // A start error that said "no orchestrator" is stale once one is ready.
  const clearStudioError = studio.clearError
  useEffect(() => {
    if (eligible > 0) clearStudioError()
  }, [eligible, clearStudioError])
  const look = studio.spec.kind === 'ai' ? matchPreset(studio.spec.stages)?.title : undefined

  // ?view=stake: the Stake view for delegators (stake/), instead of the studio
  if (params.get('view') === 'stake') return <StakeView network={network} client={client} wallet={wallet} />
  return (
    <div className="shell">
      <Header
        network={network}
        wallet={wallet}
        sender={sender.state}
        costPerMinute={cost}
        setupOpen={setupOpen}
        wins={ledgerState.redeemedOnChain}
        onOpen={setDrawer}
      />
      <main className="studio">
        <section className="stage-col">
          <StudioStage
            snapshot={snapshot}
            input={studio.input}
            starting={studio.starting}
            blocker={blocker}
            lookTitle={look}
          />
          <StartBar
            snapshot={snapshot}
            running={studio.running}
            starting={studio.starting}
            blocker={blocker}
            onStart={() => void studio.start()}
            onStop={() => void studio.stop()}
            pricePerPixel={price}
            pixelsPerSecond={pixelsPerSecond}
            costPerMinute={cost}
            outputLabel={label}
            error={studio.error}
            discovery={discoveryLine}
            onExplainPrice={() => setDrawer('payments')}
          />
        </section>
        <aside className="controls">
          {setupOpen && (
            <SetupCard
              network={network}
              client={client}
              wallet={wallet}
              sessionKey={sessionKey}
              onFunded={onFunded}
            />
          )}
          <StylePanel studio={studio} catalogue={catalogue} snapshot={snapshot} />
          <SourcePanel studio={studio} />
          <a href="?view=stake" className="stake-link" data-testid="open-stake">
            Stake LPT to an orchestrator →
          </a>
        </aside>
      </main>
      <Drawer tab={drawer} onTab={setDrawer}>
        {{
          funds: (
            <FundsPanel
              network={network}
              client={client}
              wallet={wallet}
              sessionKey={sessionKey}
              state={sender.state}
              stateError={sender.error}
              refresh={sender.refresh}
              onFunded={onFunded}
              setupOpen={setupOpen}
              costPerMinute={cost}
            />
          ),
          orchestrators: (
            <div className="stack">
              <DiscoveryPanel
                ranked={discovery.ranked}
                busy={discovery.busy}
                waitingForFunds={discovery.waitingForFunds}
                chainError={discovery.chainError}
                configured={configured}
                onConfigured={setConfigured}
                maxPrice={maxPrice}
                onMaxPrice={setMaxPrice}
                onRefresh={() => void loop.refresh()}
                current={snapshot.orchestrator}
                updatedAt={discovery.updatedAt}
              />
              <SwapLog swaps={snapshot.swaps} />
            </div>
          ),
          payments: (
            <LedgerPanel
              ledger={ledger}
              network={network}
              orchestrator={best}
              costPerMinute={cost}
              outputLabel={label}
            />
          ),
          verification: <VerificationPanel store={verification} />,
          charts: <MetricsPanel metrics={metrics} />,
        }}
      </Drawer>
      <RedemptionToast network={network} redemption={toast} onClose={() => setToast(undefined)} />
    </div>
  )
}
