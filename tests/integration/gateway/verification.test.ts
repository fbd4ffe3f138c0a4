/**
 * Two orchestrators, the first one (preferred) returning renditions at the wrong size (a test-only
 * fault injection): with verification on every segment the gateway catches it, suspends it, swaps
 * to the honest one, and the stream continues with every segment published at the right ladder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { probeVideo } from '../../../apps/node/src/media/ffmpeg/probeVideo.ts'
import { RtmpSegmenter } from '../../../apps/node/src/media/ffmpeg/rtmpSegmenter.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { publishTestsrc, type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'

const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])

describe('verification catches a cheating orchestrator', () => {
  let cheat: SegmentNode
  let honest: SegmentNode
  let close: (() => Promise<void>) | undefined

  beforeAll(async () => {
    cheat = await startSegmentNode({ faultScale: { width: 320, height: 180 } })
    honest = await startSegmentNode()
  })
  afterAll(async () => {
    await close?.()
    await cheat?.close()
    await honest?.close()
  })

  it('suspends the cheater, swaps, and publishes every segment correctly', async () => {
    const gateway = new Gateway({
      orchAddrs: [cheat.uri, honest.uri],
      profiles,
      verifyFreq: 1,
      suspendPenalty: 3,
    })
    const failedOn: string[] = []
    const published: Array<{ seq: number; uri: string }> = []
    const lost: number[] = []
    gateway.on('verificationFailed', (e) => failedOn.push(e.uri))
    gateway.on('segment', (e) => published.push({ seq: e.seq, uri: e.uri }))
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
    const pub = publishTestsrc(ingest.url('verify'), 12)
    expect(await pub.done).toBe(0)
    await ended
    await gateway.drain()
    await gateway.endStream('verify')

    // The cheater was caught (first segment, and again when it came back after its suspension).
    expect(failedOn.length).toBeGreaterThanOrEqual(1)
    expect(new Set(failedOn)).toEqual(new Set([cheat.uri]))
    // No segment lost; every published segment came from the honest orchestrator.
    expect(lost).toEqual([])
    expect(published.map((p) => p.seq)).toEqual([...Array(sourceSegments).keys()])
    expect(new Set(published.map((p) => p.uri))).toEqual(new Set([honest.uri]))
    for (const p of profiles) {
      const s = await probeVideo(`${base}/live/verify/hls/${p.name}/index.m3u8`)
      expect([s.width, s.height]).toEqual([p.width, p.height])
    }
    const metrics = await (await fetch(`${base}/metrics`)).text()
    expect(metrics).toMatch(/livepeer_fast_verification_failed\{fverror_type="2"\} [1-9]/)
    expect(metrics).toMatch(/livepeer_orchestrator_swaps [1-9]/)
    expect(metrics).toMatch(/livepeer_fast_verification_done [1-9]/)
  })
})
