/**
 * One config for the web app (Vite, root apps/web) and for every test suite (Vitest projects).
 *
 * - `unit`: tests beside the code in packages/ and apps/node (no network, no processes).
 * - `integration`: tests/integration, real anvil, real werift, real ffmpeg; run one file at a time.
 * - `e2e`: tests/e2e, Chromium through playwright-core against processes spawned by the tests.
 */
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

const root = import.meta.dirname

export default defineConfig({
  root: `${root}/apps/web`,
  plugins: [react()],
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
  build: { outDir: `${root}/apps/web/dist`, emptyOutDir: true },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
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
