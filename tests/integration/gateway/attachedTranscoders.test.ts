/**
 * An orchestrator with remote `prism transcoder` processes attached by go-livepeer's protocol
 * (RegisterTranscoder, NotifySegment, /transcodeResults; no local transcoding): the gateway streams
 * over RTMP, the stream's session runs on the first transcoder, a second one attaches, the first
 * is killed (SIGKILL) while it holds a segment, the segment moves to the second one, and no
 * segment is lost.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { probeVideo } from '../../../apps/node/src/media/ffmpeg/probeVideo.ts'
import { RtmpSegmenter } from '../../../apps/node/src/media/ffmpeg/rtmpSegmenter.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { publishTestsrc, type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'

const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])
const PRISM = join(import.meta.dirname, '..', '..', '..', 'apps', 'node', 'bin', 'prism.js')

type TranscoderProc = { child: ChildProcess; exited: Promise<unknown> }

function startTranscoder(uri: string, secret: string): TranscoderProc {
  // the node is plaintext (the gateway speaks HTTP/1.1): an http:// address means HTTP/2 prior knowledge
  const child = spawn(
    process.execPath,
    [PRISM, 'transcoder', '-orchAddr', uri, '-orchSecret', secret, '-capacity', '1'],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  )
  const exited = new Promise((r) => child.once('close', r))
  return { child, exited }
}

async function until(ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('condition not met')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('remote transcoders behind a gateway', () => {
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

  it('loses no segment when the stream’s transcoder is killed mid-segment', async () => {
    const first = startTranscoder(node.uri, 's3cret')
    procs.push(first)
    await until(() => node.registry.list().length === 1)
    const firstId = node.registry.list()[0]!.id
    const requeued: bigint[] = []
    node.registry.on('taskRequeued', (id) => requeued.push(id))

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
    const pub = publishTestsrc(ingest.url('farm'), 16)

    // the stream's session runs on the first transcoder; a second one attaches
    const byId = (id: string) => node.registry.list().find((t) => t.id === id)
    await until(() => (byId(firstId)?.completed ?? 0) >= 2, 60_000)
    const second = startTranscoder(node.uri, 's3cret')
    procs.push(second)
    await until(() => node.registry.list().length === 2)
    // kill the first one while it holds a segment
    await until(() => (byId(firstId)?.inFlight ?? 0) > 0, 60_000)
    first.child.kill('SIGKILL')
    await first.exited
    await until(() => node.registry.list().length === 1)

    expect(await pub.done).toBe(0)
    await ended
    await gateway.drain()
    await gateway.endStream('farm')

    expect(requeued.length).toBeGreaterThanOrEqual(1)
    expect(lost).toEqual([])
    expect(published).toEqual([...Array(sourceSegments).keys()])
    const survivor = node.registry.list()[0]!
    expect(survivor.id).not.toBe(firstId)
    expect(survivor.completed).toBeGreaterThanOrEqual(1)
    for (const p of profiles) {
      const s = await probeVideo(`${base}/live/farm/hls/${p.name}/index.m3u8`)
      expect([s.width, s.height]).toEqual([p.width, p.height])
    }
  })
})
