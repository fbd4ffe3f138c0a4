/**
 * The same built-in models and the same chain spec through onnxruntime-web in Chromium (wasm
 * provider, and WebGPU on the SwiftShader fallback adapter when Chromium offers it) equal the
 * onnxruntime-node result within 1e-4 per element.
 *
 * The page bundle is built here with esbuild from `@prism/gpu`, `@prism/gpu/onnx` and
 * `@prism/gpu/web` (the real adapter), and a tiny static server on 127.0.0.1:0 serves it with the
 * onnxruntime-web `.wasm` files from node_modules (COOP/COEP set).
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { type ChainSpec, ModelChain } from '@prism/gpu'
import { createNodeRuntime } from '@prism/gpu/node'
import { listBuiltinModels } from '@prism/gpu/onnx'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, WEBGPU_FLAGS } from '../../helpers/chromium.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const ortDist = join(root, 'node_modules', 'onnxruntime-web', 'dist')
const TOLERANCE = 1e-4
const W = 24
const H = 16

const ENTRY = `
import { ModelChain } from '@prism/gpu'
import { createWebRuntime } from '@prism/gpu/web'
const runtimes = {}
async function runtimeFor(provider) {
  runtimes[provider] ??= createWebRuntime({
    wasmPaths: '/ort/',
    numThreads: 1,
    providers: provider === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'],
    log: (line) => console.log(line),
  })
  return runtimes[provider]
}
window.prismRunChain = async (provider, spec, input) => {
  const runtime = await runtimeFor(provider)
  const chain = await ModelChain.create(runtime, spec)
  const output = new Float32Array(input.length)
  await chain.run(Float32Array.from(input), output)
  await chain.close()
  return { provider: runtime.info.provider, output: Array.from(output) }
}
`

function image(seed: number): Float32Array {
  let s = seed
  return Float32Array.from({ length: 3 * W * H }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  })
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

const CONTENT_TYPES: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
}

describe('onnxruntime-web in Chromium equals onnxruntime-node', () => {
  let server: Server
  let browser: Browser
  let page: Page
  let base: string
  const nodeResults = new Map<string, Float32Array>()

  async function nodeRun(spec: ChainSpec, input: Float32Array): Promise<Float32Array> {
    const runtime = await createNodeRuntime({ log: () => {} })
    const chain = await ModelChain.create(runtime, spec)
    const out = new Float32Array(input.length)
    await chain.run(input, out)
    await chain.close()
    return out
  }

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: root, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'error',
    })
    const script = bundle.outputFiles[0]!.contents
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const headers = {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'same-origin',
      }
      if (url.pathname === '/') {
        res.writeHead(200, { ...headers, 'content-type': 'text/html' })
        res.end('<!doctype html><script type="module" src="/app.mjs"></script>')
      } else if (url.pathname === '/app.mjs') {
        res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(script)
      } else if (url.pathname.startsWith('/ort/') && /^[\w.-]+$/.test(url.pathname.slice(5))) {
        const name = url.pathname.slice(5)
        try {
          const body = readFileSync(join(ortDist, name))
          const ext = name.slice(name.lastIndexOf('.'))
          res.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream' })
          res.end(body)
        } catch {
          res.writeHead(404).end()
        }
      } else {
        res.writeHead(404).end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchChromium(WEBGPU_FLAGS)
    page = await browser.newPage()
    page.on('console', (m) => {
      if (m.text().startsWith('[gpu]')) console.info(m.text())
    })
    await page.goto(base)
    await page.waitForFunction(() => 'prismRunChain' in window)
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  const runInPage = (provider: 'wasm' | 'webgpu', spec: ChainSpec, input: Float32Array) =>
    page.evaluate(
      ([p, s, i]) =>
        (
          window as unknown as {
            prismRunChain: (
              p: string,
              s: unknown,
              i: number[],
            ) => Promise<{ provider: string; output: number[] }>
          }
        ).prismRunChain(p, s, i),
      [provider, spec, Array.from(input)] as const,
    )

  for (const model of listBuiltinModels()) {
    it(`${model.model}: wasm output equals node output within ${TOLERANCE}`, async () => {
      const spec: ChainSpec = { width: W, height: H, stages: [{ model: model.model }] }
      const input = image(model.id.length * 31)
      const expected = await nodeRun(spec, input)
      nodeResults.set(model.id, expected)
      const { provider, output } = await runInPage('wasm', spec, input)
      expect(provider).toBe('wasm')
      expect(output).toHaveLength(expected.length)
      expect(maxDiff(output, expected)).toBeLessThan(TOLERANCE)
    })
  }

  it('every model on WebGPU (SwiftShader adapter) equals node within 1e-3, when an adapter exists', async () => {
    for (const model of listBuiltinModels()) {
      const spec: ChainSpec = { width: W, height: H, stages: [{ model: model.model }] }
      const input = image(model.id.length * 31)
      const expected = nodeResults.get(model.id) ?? (await nodeRun(spec, input))
      const { provider, output } = await runInPage('webgpu', spec, input)
      expect(['webgpu', 'wasm']).toContain(provider)
      expect(maxDiff(output, expected), `${model.model} on ${provider}`).toBeLessThan(1e-3)
    }
  })

  it(`a 3-stage chain spec gives the same result on wasm as on node within ${TOLERANCE}`, async () => {
    const spec: ChainSpec = {
      width: W,
      height: H,
      stages: [
        { model: 'builtin:sepia', params: { strength: 0.7 } },
        { model: 'builtin:blur', params: { radius: 2.5 } },
        { model: 'builtin:toon', params: { levels: 5, strength: 0.8 } },
      ],
    }
    const input = image(99)
    const expected = await nodeRun(spec, input)
    const { output } = await runInPage('wasm', spec, input)
    expect(maxDiff(output, expected)).toBeLessThan(TOLERANCE)
  })

  it(`the 3-stage chain on WebGPU (SwiftShader adapter) equals node within 1e-3, or falls back to wasm`, async () => {
    const spec: ChainSpec = {
      width: W,
      height: H,
      stages: [
        { model: 'builtin:sepia', params: { strength: 0.7 } },
        { model: 'builtin:sharpen', params: { amount: 1 } },
        { model: 'builtin:pencil' },
      ],
    }
    const input = image(7)
    const expected = await nodeRun(spec, input)
    const { provider, output } = await runInPage('webgpu', spec, input)
    console.info(`[gpu-web] WebGPU test ran on provider ${provider}`)
    expect(['webgpu', 'wasm']).toContain(provider)
    expect(maxDiff(output, expected)).toBeLessThan(1e-3)
  })
})
