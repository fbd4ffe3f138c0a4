/**
 * An orchestrator with two attached `prism transcoder` processes (no local transcoding): the
 * gateway streams over RTMP, the jobs spread over both, one transcoder is killed (SIGKILL) while it
 * holds a job, the job moves to the other one, and no segment is lost. /transcoder routes refuse a
 * wrong secret.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { probeVideo } from '../../../apps/node/src/media/ffmpeg/probeVideo.ts'
import { RtmpSegmenter } from '../../../apps/node/src/media/ffmpeg/rtmpSegmenter.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { freePort, publishTestsrc, type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'

const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])
const PRISM = join(import.meta.dirname, '..', '..', '..', 'apps', 'node', 'bin', 'prism.js')

type TranscoderProc = { child: ChildProcess; exited: Promise<unknown>; id: () => string | undefined }

function startTranscoder(uri: string, secret: string): TranscoderProc {
  const child = spawn(process.execPath, [PRISM, 'transcoder', '-orchAddr', uri, '-orchSecret', secret], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr?.resume()
  const exited = new Promise((r) => child.once('close', r))
  // The process prints "attached to <uri> as <id>".
  return { child, exited, id: () => / as ([0-9a-f]+)/.exec(out)?.[1] }
}

async function until(ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('attached transcoders', () => {
  let node: SegmentNode
  const procs: TranscoderProc[] = []
  let close: (() => Promise<void>) | undefined

  beforeAll(async () => {
    node = await startSegmentNode({ local: false, secret: 's3cret' })
  })
  afterAll(async () => {
    await close?.()
    for (const p of procs) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
      await p.exited
    }
    await node?.close()
  })

  it('refuses a wrong secret with TRANSCODER_AUTH_INVALID', async () => {
    const res = await fetch(`${node.uri}/transcoder/attach`, { headers: { authorization: 'Bearer nope' } })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { code: string }).code).toBe('TRANSCODER_AUTH_INVALID')
  })

  it('loses no segment when a transcoder is killed mid-job', async () => {
    procs.push(startTranscoder(node.uri, 's3cret'), startTranscoder(node.uri, 's3cret'))
    await until(() => node.registry.list().length === 2 && procs.every((p) => p.id() !== undefined))
    const requeued: string[] = []
    node.registry.on('jobRequeued', (id) => requeued.push(id))

    const gateway = new Gateway({
      account: privateKeyToAccount(generatePrivateKey()),
      orchAddrs: [node.uri],
      profiles,
    })
    const published: number[] = []
    const lost: number[] = []
    gateway.on('segment', (e) => published.push(e.seq))
    gateway.on('segmentFailed', (e) => lost.push(e.seq))
    const app = await buildGatewayServer(gateway)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const a = app.server.address()
    const base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
    const ingest = new RtmpSegmenter({ port: await freePort() })
    let sourceSegments = 0
    ingest.on('segment', (s) => {
      sourceSegments++
      void gateway.enqueue({ stream: s.streamKey, ...s })
    })
    await ingest.start()
    close = async () => {
      await ingest.close()
      await app.close()
    }
    const ended = new Promise<string>((r) => ingest.once('end', r))
    const pub = publishTestsrc(ingest.url('farm'), 14)

    // Both transcoders work; then kill the one holding a job once each has completed one.
    await until(() => node.registry.list().every((t) => t.completed >= 1), 60_000)
    await until(() => node.registry.list().some((t) => t.load > 0), 60_000)
    const busy = node.registry.list().find((t) => t.load > 0)!
    const victim = procs.find((p) => p.id() === busy.id)!
    expect(victim).toBeDefined()
    victim.child.kill('SIGKILL')
    await victim.exited
    await until(() => node.registry.list().length === 1)

    expect(await pub.done).toBe(0)
    await ended
    await gateway.drain()
    await gateway.endStream('farm')

    expect(requeued.length).toBeGreaterThanOrEqual(1)
    expect(lost).toEqual([])
    expect(published).toEqual([...Array(sourceSegments).keys()])
    const survivor = node.registry.list()[0]!
    expect(survivor.completed).toBeGreaterThanOrEqual(2)
    for (const p of profiles) {
      const s = await probeVideo(`${base}/live/farm/hls/${p.name}/index.m3u8`)
      expect([s.width, s.height]).toEqual([p.width, p.height])
    }
  })
})
