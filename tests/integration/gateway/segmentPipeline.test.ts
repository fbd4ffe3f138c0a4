/**
 * Pipelined dispatch: the gateway's `enqueue` sends a stream's next segment while one transcodes
 * (two in flight by default), the orchestrator transcodes a session's two segments side by side,
 * both ride one auth token session (one GetOrchestrator), and the renditions are still published
 * in ingest order even when a later segment finishes first. With `pipelineDepth` 1 the segments go
 * one at a time. A stream's consecutive segments go through one long-lived ffmpeg on the
 * orchestrator, ended with the session. Real orchestrator node (TLS, POST /segment) and real
 * ffmpeg transcodes; the node's transcode function is wrapped only to observe (and, for one
 * segment, delay) its calls.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { probePackets, testSegments } from '../../../apps/node/src/media/ffmpeg/testClips.ts'
import { mpegtsVideoInfo } from '../../../apps/node/src/media/mpegtsVideoInfo.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { makeTestSegment, type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'

const profiles = profilesByName(['P240p30fps16x9'])

/** Wraps the node's transcode to record concurrency, sessions and completion order. */
function observe(node: SegmentNode, hold?: { seq: number; until: number }) {
  const real = node.registry.transcode.bind(node.registry)
  const seen = { inFlight: 0, maxInFlight: 0, sessions: new Set<string>(), finished: [] as number[] }
  let release!: () => void
  const released = new Promise<void>((r) => {
    release = r
  })
  node.registry.transcode = async (data, p, ctx) => {
    seen.inFlight++
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight)
    seen.sessions.add(ctx.sessionId ?? '')
    try {
      const out = await real(data, p, ctx)
      if (hold && ctx.seq === hold.seq) await released
      return out
    } finally {
      seen.inFlight--
      seen.finished.push(ctx.seq)
      if (hold && ctx.seq === hold.until) release()
    }
  }
  return seen
}

describe('segment gateway: pipelined dispatch', () => {
  let node: SegmentNode | undefined

  afterEach(async () => {
    await node?.close()
    node = undefined
  })

  it('keeps two segments in flight on one session and publishes them in order', async () => {
    node = await startSegmentNode()
    // segment 0 finishes only after segment 1: the publisher must still wait for 0
    const seen = observe(node, { seq: 0, until: 1 })
    const data = await makeTestSegment(1)
    const gateway = new Gateway({ orchAddrs: [node.uri], profiles })
    const published: number[] = []
    gateway.on('segment', (e) => published.push(e.seq))
    const failed: number[] = []
    gateway.on('segmentFailed', (e) => failed.push(e.seq))
    for (let seq = 0; seq < 4; seq++) void gateway.enqueue({ stream: 'p', seq, data, durationMs: 1000 })
    await gateway.drain()
    expect(failed).toEqual([])
    expect(seen.maxInFlight).toBe(2)
    expect(seen.finished.indexOf(1)).toBeLessThan(seen.finished.indexOf(0))
    expect(published).toEqual([0, 1, 2, 3])
    expect(seen.sessions.size).toBe(1)
    const playlist = gateway.hls.mediaPlaylist('p', 'P240p30fps16x9') ?? ''
    expect(playlist.match(/^\d+\.ts$/gm)).toEqual(['0.ts', '1.ts', '2.ts', '3.ts'])
    await gateway.endStream('p')
  })

  it('transcodes a stream’s consecutive segments locally through one ffmpeg, and ends it with the session', async () => {
    node = await startSegmentNode()
    const segments = await testSegments({ size: '320x180', rate: 30, seconds: 4 })
    const gateway = new Gateway({ orchAddrs: [node.uri], profiles })
    const published: number[] = []
    gateway.on('segment', (e) => published.push(e.seq))
    const failed: string[] = []
    gateway.on('segmentFailed', (e) => failed.push(String(e.error)))
    for (const [seq, data] of segments.entries())
      void gateway.enqueue({ stream: 'run', seq, data, durationMs: 1000 })
    await gateway.drain()
    expect(failed).toEqual([])
    expect(published).toEqual([0, 1, 2, 3])
    expect(node.transcoders.counts).toMatchObject({ continuous: 4, perSegment: 0, runs: 1, runFailures: 0 })
    // the renditions the gateway published: 30 frames each, a keyframe first
    for (const seq of [0, 3]) {
      const ts = gateway.hls.segment('run', 'P240p30fps16x9', seq)
      expect(ts && mpegtsVideoInfo(ts)?.frames).toBe(30)
      expect((await probePackets(ts!))[0]!.key).toBe(true)
    }
    expect(node.transcoders.activeRuns).toBe(1)
    // EndTranscodingSession ends the session's ffmpeg
    await gateway.endStream('run')
    await vi.waitFor(() => expect(node?.transcoders.activeRuns).toBe(0))
  })

  it('sends one segment at a time with pipelineDepth 1', async () => {
    node = await startSegmentNode()
    const seen = observe(node)
    const data = await makeTestSegment(1)
    const gateway = new Gateway({ orchAddrs: [node.uri], profiles, pipelineDepth: 1 })
    const published: number[] = []
    gateway.on('segment', (e) => published.push(e.seq))
    for (let seq = 0; seq < 3; seq++) void gateway.enqueue({ stream: 'q', seq, data, durationMs: 1000 })
    await gateway.drain()
    expect(seen.maxInFlight).toBe(1)
    expect(seen.finished).toEqual([0, 1, 2])
    expect(published).toEqual([0, 1, 2])
    await gateway.endStream('q')
  })
})
