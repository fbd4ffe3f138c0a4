/**
 * Real WebRTC through the transcode pipeline: 5 s of testsrc 640x360, the default ladder
 * (P360p30fps16x9 + P240p30fps16x9) as HLS served by the node, P360p returned over WebRTC.
 */
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { OutputPixels, RunningOrchestrator } from '@prism/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

const run = promisify(execFile)
let node: RunningOrchestrator

beforeAll(async () => {
  node = await startTestOrchestrator()
})
afterAll(async () => {
  await node?.close()
  await expectNoFfmpegLeft()
})

/** UDP sockets open in this process. */
function udpSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length
}

async function probeSize(file: string): Promise<string> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    file,
  ])
  return stdout.trim().split('\n')[0]!.trim()
}

describe('transcode over WHIP', () => {
  it('returns 640x360 frames, writes the HLS ladder and leaves no ffmpeg or socket after DELETE', async () => {
    const udpBefore = udpSockets()
    const reports: OutputPixels[] = []
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'tc1',
      pipeline: { kind: 'transcode' },
      source: { type: 'testsrc', width: 640, height: 360, durationSec: 5 },
    })
    try {
      node.orchestrator.getSessionByStream('tc1')!.on('outputpixels', (r) => reports.push(r))
      await client.sourceDone()
      await client.waitForFrames(30, 15_000)
      expect([client.stats.width, client.stats.height]).toEqual([640, 360])

      const master = await fetch(`${node.url}/live/tc1/hls/master.m3u8`)
      expect(master.status).toBe(200)
      const text = await master.text()
      expect(text).toContain('RESOLUTION=640x360')
      expect(text).toContain('RESOLUTION=426x240')
      for (const [name, size] of [
        ['P360p30fps16x9', '640,360'],
        ['P240p30fps16x9', '426,240'],
      ] as const) {
        const playlist = await (await fetch(`${node.url}/live/tc1/hls/${name}.m3u8`)).text()
        const segment = playlist.split('\n').find((l) => l.endsWith('.ts'))
        expect(segment, `${name} has a segment`).toBeDefined()
        const res = await fetch(`${node.url}/live/tc1/hls/${segment}`)
        expect(res.headers.get('content-type')).toBe('video/mp2t')
        const file = join(tmpdir(), `prism-test-${process.pid}-${segment}`)
        await writeFile(file, Buffer.from(await res.arrayBuffer()))
        expect(await probeSize(file)).toBe(size)
      }
      // Output pixels per rendition: width x height x frames.
      const by = (n: string) => reports.filter((r) => r.rendition === n)
      expect(by('P360p30fps16x9').length).toBeGreaterThan(0)
      for (const r of reports) expect(r.pixels).toBe(r.width * r.height * r.frames)
      const frames360 = by('P360p30fps16x9').reduce((a, r) => a + r.frames, 0)
      const frames240 = by('P240p30fps16x9').reduce((a, r) => a + r.frames, 0)
      expect(frames240).toBe(frames360)
      const metrics = await (await fetch(`${node.url}/metrics`)).text()
      expect(metrics).toMatch(/prism_output_pixels_total\{rendition="P240p30fps16x9"\} \d+/)
    } finally {
      await client.close()
    }
    expect(node.orchestrator.sessions).toHaveLength(0)
    await expectNoFfmpegLeft()
    // every UDP socket of the session (werift ICE, RTP to and from ffmpeg) and of the client is closed
    await new Promise((r) => setTimeout(r, 200))
    expect(udpSockets()).toBe(udpBefore)
  })

  it('returns the chosen rendition of a custom ladder', async () => {
    const client = await WhipClient.connect({
      url: node.url,
      streamId: 'tc2',
      pipeline: {
        kind: 'transcode',
        profiles: ['P360p30fps16x9', 'P144p30fps16x9'],
        returnProfile: 'P144p30fps16x9',
      },
      source: { type: 'testsrc', width: 640, height: 360, durationSec: 4 },
    })
    try {
      await client.waitForFrames(20, 20_000)
      expect([client.stats.width, client.stats.height]).toEqual([256, 144])
    } finally {
      await client.close()
    }
    await expectNoFfmpegLeft()
  })
})
