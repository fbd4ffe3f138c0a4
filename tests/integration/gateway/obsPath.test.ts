/**
 * The OBS path: ffmpeg publishes video with an AAC audio track over RTMP, as OBS does, then
 * reconnects with the same stream key. The HLS output keeps the audio (the source rendition, listed
 * in the master playlist, is the ingest's copy: ffprobe finds AAC in it), and after the reconnect
 * every playlist is still valid: no segment name twice, a discontinuity where the second run
 * starts, `#EXT-X-ENDLIST` only as the last line. Each published segment's event names its
 * renditions (the CLI logs one line per segment from it).
 */
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gateway } from '../../../apps/node/src/gateway/Gateway.ts'
import { buildGatewayServer } from '../../../apps/node/src/gateway/http/gatewayServer.ts'
import { segmentLogLine } from '../../../apps/node/src/gateway/logging/gatewayLog.ts'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'
import { probeVideo } from '../../../apps/node/src/media/ffmpeg/probeVideo.ts'
import { RtmpSegmenter } from '../../../apps/node/src/media/ffmpeg/rtmpSegmenter.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { probeCodecs } from '../../helpers/probeCodecs.ts'
import { type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'

const profiles = profilesByName(['P240p30fps16x9'])

/** ffmpeg as OBS: testsrc + a sine tone as AAC, `seconds` long, to `url`; resolves with the exit code. */
function publishWithAudio(url: string, seconds: number): Promise<number | null> {
  const child = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-v', 'error', '-re'],
      ...['-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
      ...['-t', String(seconds), '-map', '0:v', '-map', '1:a'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'aac', '-b:a', '96k', '-f', 'flv', url],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  )
  return new Promise((resolve) => child.on('close', (code) => resolve(code)))
}

/** Checks a media playlist's shape and returns its segment names and discontinuity count. */
function parsePlaylist(text: string): { names: string[]; discontinuities: number; endlistLast: boolean } {
  const lines = text.trim().split('\n')
  const names = lines.filter((l) => l.endsWith('.ts'))
  const endlist = lines.indexOf('#EXT-X-ENDLIST')
  return {
    names,
    discontinuities: lines.filter((l) => l === '#EXT-X-DISCONTINUITY').length,
    endlistLast: endlist === lines.length - 1 && lines.lastIndexOf('#EXT-X-ENDLIST') === endlist,
  }
}

describe('OBS path: RTMP with audio, reconnect with the same key', () => {
  let node: SegmentNode
  let ingest: RtmpSegmenter
  let gateway: Gateway
  let hlsBase: string
  let close: () => Promise<void>

  beforeAll(async () => {
    node = await startSegmentNode()
    gateway = new Gateway({ orchAddrs: [node.uri], profiles })
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

  it('keeps the AAC track in the source rendition and survives a reconnect', async () => {
    const lines: string[] = []
    gateway.on('segment', (e) => lines.push(segmentLogLine(e)))
    for (let run = 0; run < 2; run++) {
      const ended = new Promise<string>((r) => ingest.once('end', r))
      expect(await publishWithAudio(ingest.url('obs'), 6)).toBe(0)
      expect(await ended).toBe('obs')
      await gateway.drain()
      await gateway.endStream('obs')
      // the listener restarts for the next publisher
      await new Promise((r) => setTimeout(r, 400))
    }

    const master = await (await fetch(`${hlsBase}/live/obs/hls/index.m3u8`)).text()
    expect(master).toContain('P240p30fps16x9/index.m3u8')
    expect(master).toContain('source/index.m3u8')
    const codecs = await probeCodecs(`${hlsBase}/live/obs/hls/source/index.m3u8`)
    expect(codecs).toContain('aac')
    expect(codecs).toContain('h264')

    for (const rendition of ['source', 'P240p30fps16x9']) {
      const text = await (await fetch(`${hlsBase}/live/obs/hls/${rendition}/index.m3u8`)).text()
      const pl = parsePlaylist(text)
      expect(new Set(pl.names).size).toBe(pl.names.length)
      expect(pl.names.length).toBeGreaterThanOrEqual(4)
      expect(pl.discontinuities).toBe(1)
      expect(pl.endlistLast).toBe(true)
      for (const name of pl.names) {
        const res = await fetch(`${hlsBase}/live/obs/hls/${rendition}/${name}`)
        expect(res.status).toBe(200)
      }
    }
    const s = await probeVideo(`${hlsBase}/live/obs/hls/P240p30fps16x9/index.m3u8`)
    expect([s.width, s.height]).toEqual([426, 240])
    expect(lines.length).toBeGreaterThanOrEqual(4)
    expect(lines[0]).toMatch(/^gateway: segment obs\/0 P240p30fps16x9 by https:\/\/\S+ paid 0 wei \(0 ETH\)$/)
  })
})
