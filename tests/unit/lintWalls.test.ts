/**
 * The lint walls in biome.json hold: each `noRestrictedImports` rule fails a deliberate violation
 * with its own message, and the imports the tree relies on pass. The cases are written into a
 * temporary folder outside the repo (a copy of biome.json with VCS off at its root, the files at
 * the same relative paths as in the repo), and Biome lints that folder once. Biome's
 * `--stdin-file-path` mode prints no lint diagnostics in this version, hence the folder.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const biome = join(root, 'node_modules', '.bin', 'biome')

const WALL = {
  gateway: 'the gateway wing never imports the orchestrator or transcoder wing',
  orchestrator: 'the orchestrator wing never imports the gateway or transcoder wing',
  transcoder: 'the transcoder wing never imports the orchestrator or gateway wing',
  cli: 'cli/ only composes the roles',
  shared: 'shared modules (media, webrtc, chain, lib, dev) never import a role wing',
  werift: 'werift is imported only by apps/node/src/webrtc',
  mediasoup: 'mediasoup is imported only by apps/node/src/webrtc/mediasoup',
  apps: 'the apps never import each other',
}

interface Case {
  /** Path of the importing file, relative to the repo root. */
  file: string
  /** The import specifier. */
  from: string
  /** Start of the expected message, or null when the import is allowed. */
  wall: string | null
}

const CASES: Case[] = [
  // The wings never import each other, by any relative path.
  {
    file: 'apps/node/src/gateway/dispatch/a.ts',
    from: '../../orchestrator/payment/ticketReceiver.ts',
    wall: WALL.gateway,
  },
  { file: 'apps/node/src/gateway/b.ts', from: '../transcoder/TranscoderWorker.ts', wall: WALL.gateway },
  { file: 'apps/node/src/orchestrator/c.ts', from: '../gateway/Gateway.ts', wall: WALL.orchestrator },
  {
    file: 'apps/node/src/orchestrator/compute/d.ts',
    from: '../../transcoder/TranscoderWorker.ts',
    wall: WALL.orchestrator,
  },
  {
    file: 'apps/node/src/transcoder/e.ts',
    from: '../orchestrator/compute/segmentService.ts',
    wall: WALL.transcoder,
  },
  { file: 'apps/node/src/transcoder/f.ts', from: '../gateway/http/gatewayServer.ts', wall: WALL.transcoder },
  // Nothing imports cli/ but main.ts and index.ts.
  { file: 'apps/node/src/gateway/g.ts', from: '../cli/gateway.ts', wall: WALL.cli },
  { file: 'apps/node/src/metrics/h.ts', from: '../cli/flags.ts', wall: WALL.cli },
  { file: 'tests/integration/i.test.ts', from: '../../apps/node/src/cli/orchestrator.ts', wall: WALL.cli },
  { file: 'apps/node/src/main.ts', from: './cli/orchestrator.ts', wall: null },
  { file: 'apps/node/src/index.ts', from: './cli/paymentFlags.ts', wall: null },
  // Shared modules never import a role wing or cli/.
  { file: 'apps/node/src/media/j.ts', from: '../orchestrator/pipelines/FramePipeline.ts', wall: WALL.shared },
  { file: 'apps/node/src/webrtc/k.ts', from: '../gateway/ingest/whipIngest.ts', wall: WALL.shared },
  { file: 'apps/node/src/chain/l.ts', from: '../transcoder/TranscoderWorker.ts', wall: WALL.shared },
  { file: 'apps/node/src/lib/m.ts', from: '../cli/flags.ts', wall: WALL.shared },
  { file: 'apps/node/src/dev/n.ts', from: '../orchestrator/Orchestrator.ts', wall: WALL.shared },
  { file: 'apps/node/src/media/ffmpeg/o.ts', from: '../../gateway/Gateway.ts', wall: WALL.shared },
  // The earlier walls still hold in the files the new overrides cover.
  { file: 'apps/node/src/gateway/p.ts', from: 'werift', wall: WALL.werift },
  { file: 'apps/node/src/orchestrator/q.ts', from: 'werift', wall: WALL.werift },
  { file: 'apps/node/src/media/r.ts', from: 'werift', wall: WALL.werift },
  { file: 'apps/node/src/webrtc/s.ts', from: 'werift', wall: null },
  // mediasoup stays inside the media plane's folder.
  { file: 'apps/node/src/orchestrator/af.ts', from: 'mediasoup', wall: WALL.mediasoup },
  { file: 'apps/node/src/webrtc/ag.ts', from: 'mediasoup', wall: WALL.mediasoup },
  { file: 'apps/node/src/cli/ah.ts', from: 'mediasoup', wall: WALL.mediasoup },
  { file: 'apps/node/src/webrtc/mediasoup/ai.ts', from: 'mediasoup', wall: null },
  {
    file: 'apps/node/src/webrtc/mediasoup/aj.ts',
    from: '../../orchestrator/Orchestrator.ts',
    wall: WALL.shared,
  },
  { file: 'apps/node/src/transcoder/t.ts', from: '@prism/web', wall: WALL.apps },
  { file: 'apps/web/src/u.ts', from: '@prism/node', wall: WALL.apps },
  // What the tree relies on passes.
  { file: 'apps/node/src/gateway/selection/v.ts', from: './OrchestratorPool.ts', wall: null },
  { file: 'apps/node/src/gateway/w.ts', from: '../media/ffmpeg/transcodeSegment.ts', wall: null },
  { file: 'apps/node/src/orchestrator/x.ts', from: './payment/paymentManager.ts', wall: null },
  { file: 'apps/node/src/orchestrator/compute/y.ts', from: '../../webrtc/MediaPeer.ts', wall: null },
  { file: 'apps/node/src/transcoder/z.ts', from: '@prism/protocol', wall: null },
  { file: 'apps/node/src/cli/aa.ts', from: '../orchestrator/Orchestrator.ts', wall: null },
  { file: 'apps/node/src/cli/ab.ts', from: './flags.ts', wall: null },
  { file: 'apps/node/src/metrics/ac.ts', from: '../orchestrator/Orchestrator.ts', wall: null },
  { file: 'tests/helpers/ad.ts', from: '@prism/node', wall: null },
  {
    file: 'tests/integration/ae.test.ts',
    from: '../../apps/node/src/orchestrator/paymentStack.ts',
    wall: null,
  },
]

interface Diagnostic {
  category: string
  message: string
  location: { path: string }
}

let dir: string
let diagnostics: Diagnostic[]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prism-lint-walls-'))
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'))
  delete config.$schema
  config.vcs = { enabled: false }
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config))
  CASES.forEach((c, i) => {
    mkdirSync(join(dir, dirname(c.file)), { recursive: true })
    writeFileSync(join(dir, c.file), `import { value } from '${c.from}'\n\nexport const case${i} = value\n`)
  })
  const run = spawnSync(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
    cwd: dir,
    encoding: 'utf8',
  })
  diagnostics = (JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }).diagnostics
})

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('biome.json import walls', () => {
  it('lints every case file', () => {
    expect(diagnostics.every((d) => CASES.some((c) => c.file === d.location.path))).toBe(true)
  })

  it.each(CASES)('$file importing $from', (c) => {
    const found = diagnostics.filter((d) => d.location.path === c.file)
    if (c.wall === null) expect(found).toEqual([])
    else {
      expect(found).toHaveLength(1)
      expect(found[0]!.category).toBe('lint/style/noRestrictedImports')
      expect(found[0]!.message.startsWith(c.wall)).toBe(true)
    }
  })
})
