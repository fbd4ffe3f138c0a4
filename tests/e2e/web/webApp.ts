/**
 * Arrange helpers for the web app's browser tests: the Vite dev server of apps/web on a free
 * port (serving a given dev deployment at /deployment.json) and Chromium with the flags from
 * docs/environment.md (fake camera, loopback WebRTC). Each close() kills and awaits its process.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { launchChromium as launchChromiumWith, WEBGPU_FLAGS } from '../../helpers/chromium.ts'

const root = join(import.meta.dirname, '..', '..', '..')

/** Directory for screenshots and other artifacts (gitignored). */
export const ARTIFACTS = join(root, 'test-results', 'web')

/** A running web app. */
export type WebApp = { url: string; close(): Promise<void> }

/**
 * Starts the Vite dev server of apps/web on a free port.
 * @param deploymentPath file served at /deployment.json (PRISM_DEPLOYMENT).
 */
export async function startWebApp(deploymentPath: string | undefined): Promise<WebApp> {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        ...(deploymentPath ? { PRISM_DEPLOYMENT: deploymentPath } : {}),
        BROWSER: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let log = ''
  child.stdout?.on('data', (d) => {
    log += d
  })
  child.stderr?.on('data', (d) => {
    log += d
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite exited: ${log}`)
    try {
      const res = await fetch(url)
      if (res.ok) break
    } catch {}
    if (Date.now() > deadline) {
      await killAndWait(child)
      throw new Error(`vite did not start: ${log}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return { url, close: () => killAndWait(child) }
}

/** Kills a child process and waits for it to exit. */
export async function killAndWait(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/**
 * Launches Chromium with the shared flags (tests/helpers/chromium.ts) plus {@link WEBGPU_FLAGS},
 * since the web app may run its models on WebGPU.
 */
export async function launchChromium(): Promise<Browser> {
  return launchChromiumWith(WEBGPU_FLAGS)
}

/** Saves a full-page screenshot under test-results/web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
