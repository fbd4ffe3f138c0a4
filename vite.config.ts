/**
 * One config for the web app (Vite, root apps/web) and for every test suite (Vitest projects).
 *
 * - `unit`: tests beside the code in packages/ and apps/node (no network, no processes).
 * - `integration`: tests/integration, real anvil, real werift, real ffmpeg; run one file at a time.
 *
 * The projects run one after the other (sequence.groupOrder): on a 2-core machine, media tests that
 * share the CPU with other media tests starve their encoders and decoders.
 * - `e2e`: tests/e2e, Chromium through playwright-core against processes spawned by the tests.
 */
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { join, normalize } from 'node:path'
import react from '@vitejs/plugin-react'
import type { Connect, Plugin } from 'vite'
import { defineConfig } from 'vitest/config'

const root = import.meta.dirname

/** The onnxruntime-web files the app loads from /ort/ (the WebGPU+wasm build and the wasm-only one). */
export const ORT_FILES = [
  'ort-wasm-simd-threaded.jsep.mjs',
  'ort-wasm-simd-threaded.jsep.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
]

/**
 * Web app plugin: in the dev server, serves the dev chain's deployment (env PRISM_DEPLOYMENT,
 * default .prism/dev/deployment.json) at /deployment.json (404 when absent: the app then offers
 * arbitrum-one), the app's config (env PRISM_WEB_CONFIG, a config.json file; 404 when unset) at
 * /config.json, and onnxruntime-web's wasm files at /ort/ from the app's own origin; in a build,
 * copies those wasm files to dist/ort/ so any static host serves them the same way.
 */
function prismWebAssets(): Plugin {
  const ortDir = join(root, 'node_modules/onnxruntime-web/dist')
  const middleware: Connect.NextHandleFunction = (req, res: ServerResponse, next) => {
    const path = (req.url ?? '').split('?')[0] ?? ''
    if (path === '/config.json') {
      const file = process.env.PRISM_WEB_CONFIG
      res.setHeader('cache-control', 'no-store')
      res.setHeader('content-type', 'application/json')
      if (!file || !existsSync(file)) {
        res.statusCode = 404
        res.end('{"code":"WEB_CONFIG_MISSING","message":"no config.json: set PRISM_WEB_CONFIG"}')
        return
      }
      res.end(readFileSync(file))
      return
    }
    if (path === '/deployment.json') {
      const file = process.env.PRISM_DEPLOYMENT ?? join(root, '.prism/dev/deployment.json')
      res.setHeader('cache-control', 'no-store')
      if (!existsSync(file)) {
        res.statusCode = 404
        res.end('{"code":"WEB_DEPLOYMENT_MISSING","message":"no dev deployment: run npm start"}')
        return
      }
      res.setHeader('content-type', 'application/json')
      res.end(readFileSync(file))
      return
    }
    if (path.startsWith('/ort/')) {
      const file = normalize(join(ortDir, path.slice('/ort/'.length)))
      if (!file.startsWith(ortDir) || !existsSync(file)) return next()
      res.setHeader('content-type', file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript')
      res.setHeader('cross-origin-resource-policy', 'same-origin')
      createReadStream(file).pipe(res)
      return
    }
    next()
  }
  return {
    name: 'prism-web-assets',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
    writeBundle: (options) => {
      const out = join(options.dir ?? join(root, 'apps/web/dist'), 'ort')
      mkdirSync(out, { recursive: true })
      for (const name of ORT_FILES) copyFileSync(join(ortDir, name), join(out, name))
    },
  }
}

export default defineConfig({
  root: `${root}/apps/web`,
  plugins: [react(), prismWebAssets()],
  // onnxruntime-web is imported lazily (verification); pre-bundle it at start so a fresh dev
  // server does not discover it mid-session and reload the page.
  optimizeDeps: { include: ['onnxruntime-web'] },
  server: {
    host: '127.0.0.1',
    port: 5173,
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  // Relative asset URLs: the build works from any folder of any static host.
  base: './',
  build: { outDir: `${root}/apps/web/dist`, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          root,
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/node/src/**/*.test.ts',
            'apps/web/src/**/*.test.ts',
            'tests/unit/**/*.test.ts',
          ],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          root,
          include: ['tests/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          root,
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
