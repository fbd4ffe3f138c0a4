/**
 * The web app swaps orchestrators when the serving one dies mid-stream, and the output keeps
 * flowing from the other one: two full web nodes on a dev chain, a passthrough stream from
 * Chromium. With the defaults the gateway keeps a warm standby on the other node (negotiated,
 * prepaid, sending nothing) and the dead node is told by the output falling silent and the node
 * refusing connections; the standby takes over. With `?standby=0` a new session is made to the
 * other node instead. Behaviour only: which node serves, that frames arrive from it, what the UI
 * says; the time it takes is `npm run bench:swap`'s business.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  openFunded,
  readSwapGap,
  type SwapRig,
  snapshot,
  standby,
  startLive,
  startSwapRig,
  swaps,
} from './swapRig.ts'
import { screenshot } from './webApp.ts'

describe('web app: swap when the serving orchestrator dies', () => {
  let rig: SwapRig

  beforeAll(async () => {
    rig = await startSwapRig()
  })

  afterAll(async () => {
    await rig?.close()
  })

  /** Kills the serving node; returns its index and the url of the other. */
  async function killServing(): Promise<{ index: number; from: string; other: string }> {
    const from = (await snapshot(rig.page)).orchestrator!
    const index = rig.nodes.findIndex((n) => n?.url === from)
    const other = rig.nodes.find((n) => n && n.url !== from)!.url
    await rig.nodes[index]!.kill()
    return { index, from, other }
  }

  /** The swap away from `from` happened to `other` and frames from `other` keep arriving. */
  async function expectSwappedAndFlowing(from: string, other: string) {
    const page = rig.page
    await expect.poll(async () => (await swaps(page)).length, { timeout: 60_000 }).toBeGreaterThan(0)
    const [swap] = await swaps(page)
    expect(swap?.from).toBe(from)
    expect(swap?.to).toBe(other)
    expect(['peer-failed', 'no-output']).toContain(swap?.reason)
    await expect.poll(async () => (await snapshot(page)).state, { timeout: 60_000 }).toBe('live')
    expect((await snapshot(page)).orchestrator).toBe(other)
    // the output video presents frames from the other node, and more keep coming
    await expect
      .poll(async () => (await readSwapGap(page, swap!))?.framesAfter ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(0)
    const framesAfter = (await readSwapGap(page, swap!))!.framesAfter
    await expect
      .poll(async () => (await readSwapGap(page, swap!))?.framesAfter ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(framesAfter + 10)
    const out = (await snapshot(page)).framesOut
    await expect.poll(async () => (await snapshot(page)).framesOut, { timeout: 20_000 }).toBeGreaterThan(out)
    // the stream bar tells the viewer about the swap and its output gap
    await expect
      .poll(async () => page.getByTestId('swap-gap').textContent(), { timeout: 10_000 })
      .toMatch(/^swapped orchestrator: output gap \d+\.\d\d s$/)
  }

  it('keeps a warm standby on the other node, which takes over when the serving node is killed', async () => {
    await openFunded(rig, 'passthrough')
    await startLive(rig.page)
    const serving = (await snapshot(rig.page)).orchestrator!
    const other = rig.nodes.find((n) => n && n.url !== serving)!.url
    // connected, then primed: its few priming frames sent, the node's pipeline running
    await expect
      .poll(async () => standby(rig.page), { timeout: 60_000 })
      .toEqual({ url: other, ready: true, primed: true })
    const killed = await killServing()
    await expectSwappedAndFlowing(killed.from, killed.other)
    // no other orchestrator is left for a standby
    expect((await standby(rig.page)).url).toBeUndefined()
    await screenshot(rig.page, 'swap-warm-standby')
    await rig.page.getByTestId('stop').click()
    await expect.poll(async () => (await snapshot(rig.page)).state, { timeout: 20_000 }).toBe('stopped')
    await rig.restart(killed.index)
  })

  it('without a standby (?standby=0), connects to the other node when the serving one is killed', async () => {
    await openFunded(rig, 'passthrough', 'standby=0')
    await startLive(rig.page)
    expect((await standby(rig.page)).url).toBeUndefined()
    const killed = await killServing()
    await expectSwappedAndFlowing(killed.from, killed.other)
    await rig.page.getByTestId('stop').click()
  })
})
