/**
 * WHIP ingest on the gateway, answered by a mediasoup worker (as `prism gateway` runs it) and by
 * werift (a server built without workers): the headless werift client publishes testsrc with an
 * Opus tone (as browsers and OBS send it) to `POST /live/{stream}/whip`; the gateway segments the RTP with
 * ffmpeg, dispatches the segments to an orchestrator (go-livepeer's protocol, off chain) and
 * publishes the HLS ladder, segment 0 included, and the source rendition with the audio as AAC; the Location carries a 192-bit secret that DELETE needs (the id alone answers 404);
 * DELETE ends the stream and leaves no ffmpeg.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { runningFfmpegPids } from '../../../apps/node/src/media/ffmpeg/FfmpegProcess.ts'
import { probeVideo } from '../../../apps/node/src/media/ffmpeg/probeVideo.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { probeCodecs } from '../../helpers/probeCodecs.ts'
import { type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])

describe.each([
  ['werift', undefined],
  ['mediasoup', { workers: 1 }],
] as const)('gateway WHIP ingest on %s', (_plane, mediaPlane) => {
  let node: SegmentNode
  let close: (() => Promise<void>) | undefined
  beforeAll(async () => {
    node = await startSegmentNode()
  })
  afterAll(async () => {
    await close?.()
    await node?.close()
  })

  it('turns a WHIP stream into an HLS ladder', async () => {
    const gateway = new Gateway({
      orchAddrs: [node.uri],
      profiles,
    })
    const published: number[] = []
    gateway.on('segment', (e) => published.push(e.seq))
    const app = await buildGatewayServer(gateway, mediaPlane ? { mediaPlane } : {})
    await app.listen({ host: '127.0.0.1', port: 0 })
    close = () => app.close()
    const a = app.server.address()
    const base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`

    const client = await WhipClient.connect({
      url: base,
      streamId: 'webcam',
      source: { type: 'testsrc', width: 640, height: 360, fps: 30 },
      audio: true,
      decode: false,
    })
    const end = Date.now() + 60_000
    while (published.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 200))
    const m = /\/live\/webcam\/whip\/([0-9a-f]+)\/([A-Za-z0-9_-]{32})$/.exec(client.location)
    expect(m).not.toBeNull()
    for (const guess of [
      `${base}/live/webcam/whip/${m![1]}`,
      `${base}/live/webcam/whip/${m![1]}/${'A'.repeat(32)}`,
    ]) {
      const res = await fetch(guess, { method: 'DELETE' })
      expect(res.status).toBe(404)
    }
    await client.close()
    await gateway.drain()
    expect(published.length).toBeGreaterThanOrEqual(3)
    // the first segment (cut while waiting for a keyframe) is published too
    expect(published).toContain(0)
    const playlist = await (await fetch(`${base}/live/webcam/hls/P360p30fps16x9/index.m3u8`)).text()
    expect(playlist).toContain('#EXT-X-ENDLIST')
    // the sender's Opus audio is in the source rendition, as AAC
    expect(new Set(await probeCodecs(`${base}/live/webcam/hls/source/index.m3u8`))).toEqual(
      new Set(['h264', 'aac']),
    )
    for (const p of profiles) {
      const s = await probeVideo(`${base}/live/webcam/hls/${p.name}/index.m3u8`)
      expect([s.width, s.height]).toEqual([p.width, p.height])
    }
    const res = await fetch(`${base}/live/webcam/whip/nope`, { method: 'DELETE' })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { code: string }).code).toBe('GATEWAY_WHIP_UNKNOWN')
    expect(runningFfmpegPids()).toEqual([])
  })
})
