/**
 * ffmpeg pushes testsrc over RTMP to the gateway; the gateway segments it and, off chain and over
 * go-livepeer's protocol on the orchestrator's TLS port (GetOrchestrator, POST /segment, the
 * renditions downloaded from their URLs), has each segment transcoded, and publishes the ladder as
 * HLS; ffprobe confirms the renditions' sizes. The stream's end ends its session on the
 * orchestrator (EndTranscodingSession).
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

describe('RTMP ingest to HLS through an orchestrator', () => {
  let node: SegmentNode
  let ingest: RtmpSegmenter
  let gateway: Gateway
  let hlsBase: string
  let close: () => Promise<void>

  beforeAll(async () => {
    node = await startSegmentNode()
    gateway = new Gateway({
      orchAddrs: [node.uri],
      profiles,
    })
    const app = await buildGatewayServer(gateway)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const a = app.server.address()
    hlsBase = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
    ingest = new RtmpSegmenter({ port: await freePort(), segmentSeconds: 2 })
    ingest.on('segment', (s) => void gateway.enqueue({ stream: s.streamKey, ...s }))
    ingest.on('end', (k) => void gateway.endStream(k))
    await ingest.start()
    close = async () => {
      await ingest.close()
      await app.close()
      await node.close()
    }
  })
  afterAll(async () => close?.())

  it('publishes every segment of a 10 s stream as a two-rendition HLS ladder', async () => {
    const ended = new Promise<string>((r) => ingest.once('end', r))
    const pub = publishTestsrc(ingest.url('cam1'), 10)
    expect(await pub.done).toBe(0)
    expect(await ended).toBe('cam1')
    await gateway.drain()
    expect(node.uri.startsWith('https://')).toBe(true)
    expect(node.sessions.size).toBe(1)
    await gateway.endStream('cam1')
    // EndTranscodingSession tore the orchestrator's session down
    expect(node.sessions.size).toBe(0)

    const master = await (await fetch(`${hlsBase}/live/cam1/hls/index.m3u8`)).text()
    expect(master).toContain('RESOLUTION=426x240')
    expect(master).toContain('RESOLUTION=640x360')
    for (const p of profiles) {
      const playlist = await (await fetch(`${hlsBase}/live/cam1/hls/${p.name}/index.m3u8`)).text()
      expect(playlist).toContain('#EXT-X-ENDLIST')
      const segs = playlist.split('\n').filter((l) => l.endsWith('.ts'))
      expect(segs.length).toBeGreaterThanOrEqual(4)
      // ffprobe plays the rendition playlist over HTTP and reports the ladder's size.
      const s = await probeVideo(`${hlsBase}/live/cam1/hls/${p.name}/index.m3u8`)
      expect([s.width, s.height]).toEqual([p.width, p.height])
      expect(s.frames).toBeGreaterThan(200)
    }
    expect(node.served.length).toBeGreaterThanOrEqual(4)
    const metrics = await (await fetch(`${hlsBase}/metrics`)).text()
    expect(metrics).toMatch(/livepeer_segment_transcoded_total \d+/)
  })
})
