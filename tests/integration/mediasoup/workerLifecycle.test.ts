/**
 * The worker's lifecycle: without a worker binary the node exits at start naming
 * MEDIASOUP_WORKER_BIN; a worker killed under a watched stream is replaced on the same ports, the
 * WHIP session on it and its viewers end (the session says why), and a new session of the same
 * stream and a new viewer receive frames again.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningOrchestrator } from '@prism/node'
import { afterAll, expect, it } from 'vitest'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'
import { watch } from './whepViewer.ts'

const root = join(import.meta.dirname, '..', '..', '..')
let node: RunningOrchestrator | undefined

afterAll(async () => {
  await node?.close()
})

it('prism orchestrator exits with MEDIASOUP_WORKER_UNAVAILABLE when the worker cannot start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'prism-noworker-'))
  try {
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'apps/node/bin/prism.js'),
        'orchestrator',
        '-httpAddr',
        'http://127.0.0.1:0',
        '-dataDir',
        dataDir,
        '-nvidia',
        'none',
        '-ai=false',
      ],
      {
        env: { ...process.env, MEDIASOUP_WORKER_BIN: join(dataDir, 'no-such-worker') },
        encoding: 'utf8',
        timeout: 60_000,
      },
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('[MEDIASOUP_WORKER_UNAVAILABLE]')
    expect(r.stderr).toContain('MEDIASOUP_WORKER_BIN')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})

/** The ports of an answer's candidates, by protocol. */
function candidatePorts(sdp: string | undefined): Record<string, number> {
  const out: Record<string, number> = {}
  for (const m of (sdp ?? '').matchAll(/^a=candidate:\S+ 1 (udp|tcp) \d+ \S+ (\d+) /gm))
    out[m[1]!] = Number(m[2])
  return out
}

it('a killed worker is replaced on the same -webrtcPort; its sessions and viewers end with the reason, a new session and viewer work', async () => {
  const port = await freePort()
  node = await startTestOrchestrator({ orchestrator: { mediaPlane: { workers: 1, webrtcPort: port } } })
  const plane = node.orchestrator.mediaPlane!
  const client = await WhipClient.connect({
    url: node.url,
    streamId: 'phoenix',
    source: { type: 'testsrc', width: 160, height: 120, durationSec: 60 },
  })
  let next: WhipClient | undefined
  try {
    const first = await watch(node.url, 'phoenix')
    // one UDP and one TCP port: -webrtcPort (+ the worker's index, 0)
    expect(candidatePorts(first.answerSdp)).toEqual({ udp: port, tcp: port })
    await first.waitForFrames(10)
    const session = node.orchestrator.getSessionByStream('phoenix')!
    const ended = new Promise<string>((resolve) => session.once('close', resolve))
    const pid = plane.pool.entries[0]!.worker.pid
    process.kill(pid, 'SIGKILL')
    // the WHIP session lived on that worker: it ends and says why
    expect(await ended).toBe('peer failed (its mediasoup worker died)')
    await expect.poll(() => plane.pool.entries[0]?.worker.pid ?? pid, { timeout: 10_000 }).not.toBe(pid)
    await expect.poll(() => plane.viewerCount()).toBe(0)
    expect(await first.close()).toBe(404)
    // the replacement serves a new session and its viewers on the same ports
    next = await WhipClient.connect({
      url: node.url,
      streamId: 'phoenix',
      source: { type: 'testsrc', width: 160, height: 120, durationSec: 60 },
    })
    await next.waitForFrames(10)
    const second = await watch(node.url, 'phoenix')
    expect(second.status).toBe(201)
    expect(candidatePorts(second.answerSdp)).toEqual({ udp: port, tcp: port })
    await second.waitForFrames(10)
    expect(await second.close()).toBe(200)
  } finally {
    await client.close()
    await next?.close()
  }
})
