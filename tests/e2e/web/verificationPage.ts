/**
 * Helpers of the verification browser tests: a generated camera (a y4m file Chromium plays as
 * its fake camera, unlike the default test pattern), the funding steps, and reads of the page's
 * gateway snapshot and verification results.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** A verification result as the page keeps it (VerificationStore). */
export type ResultRow = {
  orchestrator: string
  passed: boolean
  ssim?: number
  scores?: number[]
  pairs?: number
  chain?: string
  detail: string
  flagged: boolean
}

/** The parts of the gateway snapshot these tests read. */
export type SnapshotRow = {
  state: string
  orchestrator?: string
  framesOut: number
  loading?: string
  warning?: string
  error?: string
  swaps: Array<{ reason: string; from: string; to?: string; recoverMs?: number; detail: string }>
  spec?: { kind: string; stages?: Array<{ model: string }> }
}

/**
 * Writes a 640x480 y4m camera clip (20 fps, looped by Chromium): a mandelbrot zoom, then moving
 * test pattern with text, then noise, the content that made honest nodes fail before.
 * @returns the file path.
 */
export function generatedCamera(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'prism-cam-')), 'camera.y4m')
  const size = '640x480'
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error'],
    ...['-f', 'lavfi', '-t', '3', '-i', `mandelbrot=size=${size}:rate=20`],
    ...['-f', 'lavfi', '-t', '3', '-i', `testsrc2=size=${size}:rate=20,scroll=horizontal=0.02`],
    ...['-f', 'lavfi', '-t', '2', '-i', `color=c=gray:s=${size}:r=20,noise=alls=60:allf=t+u`],
    ...[
      '-filter_complex',
      '[0:v]format=yuv420p[a];[1:v]format=yuv420p[b];[2:v]format=yuv420p[c];[a][b][c]concat=n=3:v=1[v]',
    ],
    ...['-map', '[v]', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', path],
  ])
  return path
}

/** Connects the dev wallet, funds the session key and waits for `eligible` eligible orchestrators. */
export async function fund(page: Page, eligible: number): Promise<void> {
  await page.getByTestId('connect-mock').click()
  await page.getByTestId('fund').click()
  await expect.poll(() => page.getByTestId('deposit').textContent(), { timeout: 30_000 }).toBe('0.5 ETH')
  await expect
    .poll(() => page.locator('[data-testid="orchestrator-row"][data-eligible="true"]').count(), {
      timeout: 90_000,
      interval: 1000,
    })
    .toBeGreaterThanOrEqual(eligible)
}

/** The gateway snapshot. */
export const snapshot = (page: Page): Promise<SnapshotRow> =>
  page.evaluate(() => {
    const g = (window as unknown as { prism: { gateway: { snapshot: SnapshotRow } } }).prism.gateway.snapshot
    return JSON.parse(JSON.stringify({ ...g, output: undefined })) as SnapshotRow
  })

/** The verification results, oldest first. */
export const results = (page: Page): Promise<ResultRow[]> =>
  page.evaluate(
    () =>
      (window as unknown as { prism: { verification: { results: ResultRow[] } } }).prism.verification.results,
  )

/** Switches stage 0 to `model` with its default parameters (the gateway's `setStage`). */
export const setModel = (page: Page, model: string): Promise<void> =>
  page.evaluate((m) => {
    ;(
      window as unknown as { prism: { gateway: { setStage(s: number, m: string, p: object): void } } }
    ).prism.gateway.setStage(0, m, {})
  }, model)

/** One line per result, for the test log. */
export const describeRows = (rows: ResultRow[]): string =>
  rows
    .map(
      (r) =>
        `${r.orchestrator.replace(/^https?:\/\/[^:]+/, '')} ${r.chain ?? '?'} ${r.passed ? 'pass' : 'FAIL'} ${(r.scores ?? []).map((s) => s.toFixed(3)).join('/')} (${r.pairs ?? 0} pairs)${r.detail ? ` ${r.detail}` : ''}`,
    )
    .join('\n')

/** The verification panel's status line and runtime (for failure messages). */
export const verificationStatus = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const v = (window as unknown as { prism: { verification: { status: string; provider: string } } }).prism
      .verification
    return `${v.provider}: ${v.status}`
  })

/** The verification status, results and gateway state, for a failure message. */
export const diagnose = async (page: Page): Promise<string> => {
  const s = await snapshot(page)
  const swaps = s.swaps.map((w) => `${w.reason} ${w.from} -> ${w.to ?? '-'}: ${w.detail}`).join('\n')
  return `verification ${await verificationStatus(page)}\n${describeRows(await results(page))}\nstate ${s.state} on ${s.orchestrator}, ${s.framesOut} frames, warning ${s.warning ?? '-'}, error ${s.error ?? '-'}\nswaps:\n${swaps}`
}
