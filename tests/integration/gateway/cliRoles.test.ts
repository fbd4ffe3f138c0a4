/**
 * The three roles as real processes, off chain (`-network offchain`, plaintext port): `prism
 * orchestrator -orchSecret …` (no local transcoding), `prism transcoder` attached to it by
 * RegisterTranscoder, and `prism gateway` with RTMP ingest, which finds the orchestrator by gRPC
 * GetOrchestrator (a dead one fails discovery) and sends it segments over go-livepeer's protocol
 * with no signature and an empty payment; ffmpeg publishes, HLS appears on the gateway, /info lists
 * the attached transcoder and /metrics counts it.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { probeVideo } from '../../../apps/node/src/media/ffmpeg/probeVideo.ts'
import { publishTestsrc } from '../../helpers/segmentNode.ts'

const PRISM = join(import.meta.dirname, '..', '..', '..', 'apps', 'node', 'bin', 'prism.js')
type Proc = { child: ChildProcess; exited: Promise<unknown>; out: () => string }

function prism(args: string[]): Proc {
  const child = spawn(process.execPath, [PRISM, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  return { child, exited: new Promise((r) => child.once('close', r)), out: () => out }
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn().catch(() => undefined as T)
    if (v !== undefined && ok(v)) return v
    if (Date.now() > end) throw new Error(`condition not met; last ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('prism orchestrator + transcoder + gateway processes', () => {
  const procs: Proc[] = []
  const dataDir = mkdtempSync(join(tmpdir(), 'prism-cli-'))
  afterAll(async () => {
    for (const p of procs.reverse()) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM')
      await p.exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('streams RTMP through an orchestrator whose work is done by an attached transcoder', async () => {
    const orchPort = await freePort()
    const orch = prism([
      'orchestrator',
      '-httpAddr',
      `http://127.0.0.1:${orchPort}`,
      '-orchSecret',
      'cli-secret',
      '-localTranscode=false',
      '-dataDir',
      dataDir,
      '-nvidia',
      'none',
      '-network',
      'offchain',
    ])
    procs.push(orch)
    const orchUrl = `http://127.0.0.1:${orchPort}`
    await until(
      () => fetch(`${orchUrl}/healthz`).then((r) => r.status),
      (s) => s === 200,
    )
    procs.push(prism(['transcoder', '-orchAddr', orchUrl, '-orchSecret', 'cli-secret']))
    const info = await until(
      () => fetch(`${orchUrl}/info`).then((r) => r.json() as Promise<{ transcoders?: unknown[] }>),
      (i) => (i.transcoders?.length ?? 0) === 1,
    )
    expect(info.transcoders![0]).toMatchObject({ capacity: 1, load: 0 })

    const rtmpPort = await freePort()
    const httpPort = await freePort()
    const dead = `http://127.0.0.1:${await freePort()}`
    const gw = prism([
      'gateway',
      '-orchAddr',
      `${dead},${orchUrl}`,
      '-rtmpAddr',
      `127.0.0.1:${rtmpPort}`,
      '-httpAddr',
      `127.0.0.1:${httpPort}`,
      '-network',
      'offchain',
    ])
    procs.push(gw)
    await until(
      async () => gw.out(),
      (o) => o.includes('prism gateway: sender'),
    )
    const pub = publishTestsrc(`rtmp://127.0.0.1:${rtmpPort}/live/clicam`, 8)
    expect(await pub.done).toBe(0)
    const base = `http://127.0.0.1:${httpPort}/live/clicam/hls`
    const playlist = await until(
      () => fetch(`${base}/P360p30fps16x9/index.m3u8`).then((r) => r.text()),
      (t) => t.includes('#EXT-X-ENDLIST'),
      60_000,
    )
    expect(playlist.split('\n').filter((l) => l.endsWith('.ts')).length).toBeGreaterThanOrEqual(3)
    const s = await probeVideo(`${base}/P240p30fps16x9/index.m3u8`)
    expect([s.width, s.height]).toEqual([426, 240])

    const metrics = await (await fetch(`${orchUrl}/metrics`)).text()
    expect(metrics).toMatch(/prism_attached_transcoders 1/)
    expect(metrics).toMatch(/livepeer_segment_transcoded_total [3-9]/)
    const gwMetrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text()
    expect(gwMetrics).toMatch(/livepeer_segment_transcoded_total [3-9]/)
    // The dead orchestrator failed discovery and was never sent a segment.
    expect(gwMetrics).toContain(
      `livepeer_discovery_errors_total{error_code="ECONNREFUSED",orchestrator_uri="${dead}"} 1`,
    )
    expect(gwMetrics).toMatch(/livepeer_orchestrator_swaps 0/)
  })
})
