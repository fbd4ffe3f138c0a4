/**
 * Arrange helpers for the swap test and `npm run bench:swap`: a dev chain with two registered
 * orchestrators (full web nodes as processes, so one can be SIGKILLed like a crash), the web app,
 * Chromium on it with a funded session key, a clock of every frame the output video presents
 * (requestVideoFrameCallback, tagged with the orchestrator serving at that moment), and the
 * reading of the output gap of a swap from that clock.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type OrchestratorProcess, startWebNode } from './orchestratorProcess.ts'
import { launchChromium, startWebApp, type WebApp } from './webApp.ts'

/** The gateway's state as the swap checks read it. */
export type SwapSnapshot = {
  state: string
  orchestrator: string | undefined
  framesOut: number
  error: string | undefined
}

/** One swap record as the page holds it. */
export type SwapRow = {
  at: number
  reason: string
  detail: string
  from: string
  to?: string
  recoverMs?: number
  outageMs?: number
}

/** Two orchestrators, the web app and a page on it. */
export type SwapRig = {
  chain: DevChain
  nodes: (OrchestratorProcess | undefined)[]
  ports: number[]
  app: WebApp
  browser: Browser
  page: Page
  /** Starts node `i` again on its port (after a kill). */
  restart(i: number): Promise<void>
  /** Closes the page, browser, app, nodes and chain. */
  close(): Promise<void>
}

/** Starts the chain, two web nodes, the web app and Chromium; the page is not opened yet. */
export async function startSwapRig(): Promise<SwapRig> {
  const ports = [await freePort(), await freePort()]
  const chain = await startDevChain({
    roundLength: 200,
    orchestrators: 2,
    gateways: 1,
    serviceUris: ports.map((p) => `http://127.0.0.1:${p}`),
  })
  const start = (i: number) =>
    startWebNode({
      port: ports[i]!,
      deployment: chain.deployment,
      ethKey: chain.accounts.orchestrators[i]!.privateKey,
      pricePerUnit: '1',
    })
  const nodes: (OrchestratorProcess | undefined)[] = await Promise.all(ports.map((_, i) => start(i)))
  const dir = mkdtempSync(join(tmpdir(), 'prism-swap-'))
  const deploymentPath = join(dir, 'deployment.json')
  writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
  const app = await startWebApp(deploymentPath)
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
  page.on('pageerror', (e) => console.log('pageerror', e.message))
  // tsx (esbuild keepNames) wraps named functions in __name(): give the page one for page.evaluate
  await page.addInitScript({ content: 'globalThis.__name = (f) => f' })
  return {
    chain,
    nodes,
    ports,
    app,
    browser,
    page,
    async restart(i) {
      await nodes[i]?.close()
      nodes[i] = await start(i)
    },
    async close() {
      await browser.close()
      await app.close()
      await Promise.all(nodes.map((n) => n?.close()))
      await chain.close()
    },
  }
}

/** The gateway's snapshot. */
export function snapshot(page: Page): Promise<SwapSnapshot> {
  return page.evaluate(() => {
    const g = (window as unknown as { prism: { gateway: { snapshot: SwapSnapshot } } }).prism.gateway.snapshot
    return { state: g.state, orchestrator: g.orchestrator, framesOut: g.framesOut, error: g.error }
  })
}

/** The swaps of the current stream. */
export function swaps(page: Page): Promise<SwapRow[]> {
  return page.evaluate(() =>
    (
      window as unknown as { prism: { gateway: { snapshot: { swaps: SwapRow[] } } } }
    ).prism.gateway.snapshot.swaps.map((s) => ({ ...s })),
  )
}

/**
 * Opens the app; when the session key has no deposit yet, connects the dev wallet and funds it;
 * picks the pipeline kind and waits until both orchestrators are eligible.
 * @param kind `passthrough` (cheapest) or `ai` (sepia).
 * @param query the page's query string (e.g. `standby=0`).
 */
export async function openFunded(rig: SwapRig, kind: 'passthrough' | 'ai', query = ''): Promise<void> {
  const { page } = rig
  await page.goto(`${rig.app.url}/${query ? `?${query}` : ''}`)
  await page
    .getByTestId('session-key-address')
    .filter({ hasText: /^0x[0-9a-fA-F]{40}$/ })
    .waitFor({ state: 'attached' })
  const deposit = async () => (await page.getByTestId('deposit').textContent())?.trim()
  await waitFor(async () => !['', '–', undefined].includes(await deposit()), 30_000)
  if ((await deposit()) !== '0.5 ETH') {
    await page.getByTestId('connect-mock').click()
    await page.getByTestId('wallet-address').waitFor()
    await page.getByTestId('fund').click()
    await waitFor(async () => (await deposit()) === '0.5 ETH', 30_000)
  }
  await page.getByTestId('pipeline-kind').selectOption(kind)
  if (kind === 'ai') await page.getByTestId('stage-0-model').selectOption('builtin:sepia')
  await waitFor(
    async () => (await page.locator('[data-testid="orchestrator-row"][data-eligible="true"]').count()) === 2,
    90_000,
  )
}

/**
 * Starts the stream and waits until it is live on one orchestrator with `frames` frames out.
 * Installs the frame clock first (see {@link readSwapGap}) and records the cold start: the time
 * from the first session's `connecting` to its first decoded frame (WHIP, ICE, DTLS, prepayment,
 * pipeline start, first frame), the raw reconnect time a swap without a warm standby pays.
 */
export async function startLive(page: Page, frames = 30): Promise<void> {
  await page.evaluate(() => {
    type Gw = {
      snapshot: { state: string; framesOut: number; orchestrator?: string }
      events: { on(e: 'change', f: () => void): () => void }
    }
    const w = window as unknown as {
      prism: { gateway: Gw }
      swapClock: {
        frames: { t: number; orch: string | undefined }[]
        connectingAt?: number
        firstAt?: number
      }
    }
    const gw = w.prism.gateway
    const clock: (typeof w)['swapClock'] = { frames: [] }
    w.swapClock = clock
    gw.events.on('change', () => {
      const s = gw.snapshot
      if (s.state === 'connecting' && clock.connectingAt === undefined) clock.connectingAt = performance.now()
      if (s.framesOut > 0 && clock.connectingAt !== undefined && clock.firstAt === undefined)
        clock.firstAt = performance.now()
    })
    const video = document.querySelector<HTMLVideoElement>('[data-testid="output-video"]')!
    const onFrame = (now: number) => {
      clock.frames.push({ t: now, orch: gw.snapshot.orchestrator })
      if (clock.frames.length > 4000) clock.frames.splice(0, 1000)
      video.requestVideoFrameCallback(onFrame)
    }
    video.requestVideoFrameCallback(onFrame)
  })
  await page.getByTestId('start').click()
  await waitFor(async () => {
    const s = await snapshot(page)
    return s.state === 'live' && s.framesOut > frames
  }, 120_000)
}

/** The warm standby of the page's gateway: its orchestrator and whether it can take over. */
export function standby(page: Page): Promise<{ url: string | undefined; ready: boolean; primed: boolean }> {
  return page.evaluate(
    () =>
      (
        window as unknown as {
          prism: { gateway: { standby: { url: string | undefined; ready: boolean; primed: boolean } } }
        }
      ).prism.gateway.standby,
  )
}

/** The page's performance.now(). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now())
}

/** What the frame clock says about the first swap. */
export type SwapGap = {
  /** Last frame presented from the failed orchestrator → first one from the other, ms. */
  gapMs: number
  /** Cold start of the first session (connecting → first frame), ms. */
  coldStartMs: number | undefined
  /** Frames presented from the other orchestrator so far. */
  framesAfter: number
}

/**
 * Reads the output gap of swap `index` from the frame clock installed by {@link startLive}.
 * @returns undefined until a frame from the new orchestrator was presented.
 */
export async function readSwapGap(page: Page, swap: SwapRow): Promise<SwapGap | undefined> {
  const clock = await page.evaluate(
    () =>
      (
        window as unknown as {
          swapClock: {
            frames: { t: number; orch: string | undefined }[]
            connectingAt?: number
            firstAt?: number
          }
        }
      ).swapClock,
  )
  const old = clock.frames.filter((f) => f.orch === swap.from)
  const last = old.at(-1)
  if (!last || !swap.to) return undefined
  const after = clock.frames.filter((f) => f.orch === swap.to && f.t > last.t)
  const first = after[0]
  if (!first) return undefined
  return {
    gapMs: first.t - last.t,
    coldStartMs:
      clock.connectingAt !== undefined && clock.firstAt !== undefined
        ? clock.firstAt - clock.connectingAt
        : undefined,
    framesAfter: after.length,
  }
}

/** Polls `check` every 100 ms until it is true; throws after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
