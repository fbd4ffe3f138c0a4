/**
 * `npm run bench:swap`: the output gap when the serving orchestrator dies mid-stream. The web app
 * in Chromium streams (passthrough by default, `SWAP_PIPELINE=ai` for sepia) with two full web
 * nodes on a dev chain; the node serving it is SIGKILLed; the page's frame clock
 * (requestVideoFrameCallback on the output video) gives the time from the last frame presented
 * from the killed node to the first frame from the other one. Three ways, in one run:
 * - `legacy` (`?fastSwap=0&standby=0`): only the 4 s no-output watchdog, then a new session;
 * - `cold` (`?standby=0`): fast detection, then a new session (the raw reconnect: WHIP, ICE,
 *   DTLS, prepayment, pipeline start, first frame), the baseline;
 * - `warm` (default): fast detection, then the prepaid, negotiated standby takes over.
 * `SWAP_TRIALS` (default 2) kills per way (the killed node is restarted, the page reloaded);
 * `SWAP_MODES` picks ways (default `legacy,cold,warm`).
 */
import {
  openFunded,
  pageNow,
  readSwapGap,
  type SwapGap,
  type SwapRow,
  snapshot,
  standby,
  startLive,
  startSwapRig,
  swaps,
  waitFor,
} from '../e2e/web/swapRig.ts'

const TRIALS = Number(process.env.SWAP_TRIALS ?? 2)
const KIND = process.env.SWAP_PIPELINE === 'ai' ? 'ai' : 'passthrough'
const QUERIES = { legacy: 'fastSwap=0&standby=0', cold: 'standby=0', warm: '' } as const
type Mode = keyof typeof QUERIES
const MODES = (process.env.SWAP_MODES ?? 'legacy,cold,warm').split(',') as Mode[]

type Trial = SwapGap & { detectMs: number; reason: string; recoverMs: number | undefined }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length / 2
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2
}
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : `${Math.round(x)} ms`)

const rig = await startSwapRig()
const results = new Map<Mode, Trial[]>()
let killed: number | undefined
try {
  for (const mode of MODES) {
    const trials: Trial[] = []
    results.set(mode, trials)
    for (let i = 0; i < TRIALS; i++) {
      if (killed !== undefined) await rig.restart(killed)
      await openFunded(rig, KIND, QUERIES[mode])
      await startLive(rig.page)
      // a few seconds of steady streaming; the warm standby gets ready meanwhile
      await new Promise((r) => setTimeout(r, 3000))
      if (mode === 'warm') await waitFor(async () => (await standby(rig.page)).primed, 30_000)
      const serving = (await snapshot(rig.page)).orchestrator!
      killed = rig.nodes.findIndex((n) => n?.url === serving)
      const killedAt = await pageNow(rig.page)
      await rig.nodes[killed]!.kill()
      let swap: SwapRow | undefined
      let gap: SwapGap | undefined
      await waitFor(async () => {
        swap = (await swaps(rig.page))[0]
        gap = swap ? await readSwapGap(rig.page, swap) : undefined
        return gap !== undefined && swap?.recoverMs !== undefined
      }, 60_000)
      const t: Trial = {
        ...gap!,
        detectMs: swap!.at - killedAt,
        reason: swap!.reason,
        recoverMs: swap!.recoverMs,
      }
      trials.push(t)
      console.log(
        `${mode} ${i + 1}: gap ${ms(t.gapMs)} (last frame of the killed node → first frame of the other); detected ${ms(t.detectMs)} after the kill (${t.reason}); detection → new output ${ms(t.recoverMs)}; cold start of the first session ${ms(t.coldStartMs)}`,
      )
      await rig.page.getByTestId('stop').click()
      await waitFor(async () => (await snapshot(rig.page)).state === 'stopped', 20_000)
    }
  }
  const gapOf = (m: Mode) => median((results.get(m) ?? []).map((t) => t.gapMs))
  const cold = median(
    [...results.values()].flat().flatMap((t) => (t.coldStartMs === undefined ? [] : [t.coldStartMs])),
  )
  console.log(`\nswap, ${KIND}, medians of ${TRIALS} kill(s) per way (goal: gap <= 2000 ms):`)
  for (const m of MODES) {
    const ts = results.get(m) ?? []
    console.log(
      `  ${m.padEnd(6)} gap ${ms(gapOf(m)).padStart(8)}  detection ${ms(median(ts.map((t) => t.detectMs))).padStart(8)}  detection → new output ${ms(median(ts.flatMap((t) => (t.recoverMs === undefined ? [] : [t.recoverMs])))).padStart(8)}`,
    )
  }
  console.log(
    `  raw reconnect (cold start of a session, connecting → first frame, seen on the gateway's 250 ms tick): ${ms(cold)}`,
  )
  if (results.has('warm') && results.has('cold'))
    console.log(`  warm gap / cold gap: ${(gapOf('warm') / gapOf('cold')).toFixed(2)}`)
  if (results.has('warm') && results.has('legacy'))
    console.log(`  warm gap / legacy gap: ${(gapOf('warm') / gapOf('legacy')).toFixed(2)}`)
} finally {
  await rig.close()
}
