/**
 * The deployable web app: `vite build` (the web half of `npm run build`) writes static files,
 * `prism web` serves them with the cross-origin isolation headers, the dev deployment at
 * /deployment.json and a config.json built from its flags; in Chromium the built app is
 * cross-origin isolated, loads onnxruntime-web's files from ort/, funds its session key and
 * streams through a paid orchestrator named only in config.json (no Refresh click); the same
 * files work from a sub-folder of a host with a config.json beside index.html.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type OrchestratorProcess, startWebNode } from './orchestratorProcess.ts'
import { killAndWait, launchChromium, screenshot } from './webApp.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const prism = join(root, 'apps', 'node', 'bin', 'prism.js')

/** Runs a command to its end; rejects with its output on a non-zero exit. */
function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      out += d
    })
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}:\n${out}`))))
  })
}

describe('web app: static build served by prism web', () => {
  let chain: DevChain
  let node: OrchestratorProcess
  let web: ChildProcess
  let url: string
  let browser: Browser
  let page: Page
  let dist: string

  beforeAll(async () => {
    dist = join(mkdtempSync(join(tmpdir(), 'prism-dist-')), 'dist')
    await run([join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dist, '--emptyOutDir'])
    const port = await freePort()
    // The orchestrator is not on chain: only config.json names it.
    chain = await startDevChain({ roundLength: 200, gateways: 1 })
    node = await startWebNode({
      port,
      deployment: chain.deployment,
      ethKey: chain.accounts.orchestrators[0]!.privateKey,
      pricePerUnit: '1',
    })
    const deploymentPath = join(mkdtempSync(join(tmpdir(), 'prism-web-')), 'deployment.json')
    writeFileSync(deploymentPath, JSON.stringify(chain.deployment))
    const webPort = await freePort()
    web = spawn(
      process.execPath,
      [
        prism,
        'web',
        '--port',
        String(webPort),
        '-dir',
        dist,
        '-deployment',
        deploymentPath,
        '-orchestrators',
        node.url,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    url = `http://127.0.0.1:${webPort}`
    let log = ''
    web.stdout?.on('data', (d) => {
      log += d
    })
    web.stderr?.on('data', (d) => {
      log += d
    })
    const deadline = Date.now() + 30_000
    while (!log.includes('serving')) {
      if (web.exitCode !== null || Date.now() > deadline) throw new Error(`prism web did not start:\n${log}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  })

  afterAll(async () => {
    await browser?.close()
    if (web) await killAndWait(web)
    await node?.close()
    await chain?.close()
  })

  it('builds static files with onnxruntime-web next to them, and prism web explains itself', async () => {
    for (const f of [
      'index.html',
      'ort/ort-wasm-simd-threaded.jsep.wasm',
      'ort/ort-wasm-simd-threaded.jsep.mjs',
    ])
      expect(existsSync(join(dist, f))).toBe(true)
    const help = await run([prism, 'web', '--help'])
    expect(help).toContain('-port')
    expect(help).toContain('-deployment')
    await expect(run([prism, 'web', '-dir', join(dist, 'nope'), '-port', '0'])).rejects.toThrow(
      'CLI_WEB_BUILD_MISSING',
    )
  })

  it('serves the app, its wasm, the deployment and config.json with the isolation headers', async () => {
    const index = await fetch(url)
    expect(index.status).toBe(200)
    expect(index.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp')
    expect(await index.text()).toContain('<div id="root">')
    const wasm = await fetch(`${url}/ort/ort-wasm-simd-threaded.jsep.wasm`, { method: 'HEAD' })
    expect(wasm.headers.get('content-type')).toBe('application/wasm')
    expect(wasm.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    expect(await (await fetch(`${url}/config.json`)).json()).toEqual({ orchestrators: [node.url] })
    expect((await (await fetch(`${url}/deployment.json`)).json()).chainId).toBe(chain.deployment.chainId)
    expect((await fetch(`${url}/missing.js`)).status).toBe(404)
    expect((await fetch(`${url}/%2e%2e/%2e%2e/package.json`)).status).not.toBe(200)
    // A page path without an extension is the app.
    expect(await (await fetch(`${url}/studio`)).text()).toContain('<div id="root">')
  })

  it('runs in the browser: isolated, funds the key and streams through the configured node', async () => {
    page.on('pageerror', (e) => console.log('pageerror', e.message))
    await page.goto(url)
    await page
      .getByTestId('session-key-address')
      .filter({ hasText: /^0x[0-9a-fA-F]{40}$/ })
      .waitFor()
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.evaluate(async () => (await fetch('ort/ort-wasm-simd-threaded.jsep.mjs')).ok)).toBe(
      true,
    )
    await page.getByTestId('connect-mock').click()
    await page.getByTestId('fund').click()
    await expect
      .poll(() => page.getByTestId('header-deposit').textContent(), { timeout: 30_000 })
      .toBe('0.5 ETH')
    await page.getByTestId('pipeline-kind').selectOption('passthrough')
    // No Refresh: Start waits until the node sees the new funds.
    await page.getByTestId('start').click()
    const frames = () =>
      page.evaluate(
        () =>
          (window as unknown as { prism: { gateway: { snapshot: { framesOut: number } } } }).prism.gateway
            .snapshot.framesOut,
      )
    await expect.poll(frames, { timeout: 60_000 }).toBeGreaterThan(20)
    const row = page.locator(`[data-testid="orchestrator-row"][data-url="${node.url}"]`)
    expect(await row.getAttribute('data-eligible')).toBe('true')
    await screenshot(page, 'static-build-live')
    await page.getByTestId('stop').click()
  })

  it('works from a sub-folder of a host, configured by a config.json next to index.html', async () => {
    const host = mkdtempSync(join(tmpdir(), 'prism-host-'))
    // Some site with the app under /app/.
    writeFileSync(join(host, 'index.html'), '<!doctype html><title>site</title>')
    symlinkSync(dist, join(host, 'app'))
    writeFileSync(
      join(dist, 'config.json'),
      JSON.stringify({ deployment: chain.deployment, orchestrators: [node.url], maxPrice: '5' }),
    )
    const port = await freePort()
    const sub = spawn(process.execPath, [prism, 'web', '-port', String(port), '-dir', host], {
      cwd: root,
      stdio: 'ignore',
    })
    try {
      const base = `http://127.0.0.1:${port}/app/`
      await expect
        .poll(
          () =>
            fetch(base).then(
              (r) => r.status,
              () => 0,
            ),
          { timeout: 20_000 },
        )
        .toBe(200)
      const other = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await other.goto(base)
      await other
        .getByTestId('session-key-address')
        .filter({ hasText: /^0x[0-9a-fA-F]{40}$/ })
        .waitFor()
      expect(await other.evaluate(() => crossOriginIsolated)).toBe(true)
      expect(await other.evaluate(async () => (await fetch('ort/ort-wasm-simd-threaded.jsep.mjs')).ok)).toBe(
        true,
      )
      const net = await other.evaluate(() => {
        const n = (window as unknown as { prism: { network: { name: string; orchestrators: string[] } } })
          .prism.network
        return { name: n.name, orchestrators: n.orchestrators }
      })
      expect(net).toEqual({ name: 'dev', orchestrators: [node.url] })
      await other.getByTestId('open-details').click()
      expect(await other.getByTestId('max-price').inputValue()).toBe('5')
      await other.close()
    } finally {
      await killAndWait(sub)
    }
  })
})
