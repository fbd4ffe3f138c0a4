/**
 * WHEP viewers of each rendition of a transcode ladder (`POST /live/{stream}/whep?rendition=`):
 * two viewers of two renditions receive frames at their sizes (read from the H.264 SPS in the
 * RTP they get), an unknown rendition, or any rendition of a passthrough session, is refused with
 * WHEP_RENDITION_NOT_FOUND and makes nothing (a rendition given twice: HTTP_REQUEST_INVALID),
 * DELETE ends a rendition viewer, a rendition's encoder stops when its last viewer leaves while the
 * session goes on, and nothing is left when the session ends.
 */
import { type RunningOrchestrator, runningFfmpegPids } from '@prism/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { RTCPeerConnection, useH264 } from 'werift'
import { sizeFromRtpPayload } from '../../../apps/node/src/media/rtpVideoInfo.ts'
import { keepLoopbackCandidates, loopbackPeerConfig } from '../../../apps/node/src/webrtc/loopback.ts'
import { expectNoFfmpegLeft, startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

let node: RunningOrchestrator

beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: { maxSessions: 2, mediaPlane: { workers: 1, maxViewers: 4 } },
  })
})
afterAll(async () => {
  await node?.close()
})

/** A werift viewer POSTed to `whep?rendition=`: its frames and the picture sizes its SPS carry. */
async function watchRendition(stream: string, rendition: string) {
  const pc = new RTCPeerConnection({ ...loopbackPeerConfig(), codecs: { video: [useH264()], audio: [] } })
  const stamps = new Set<number>()
  const sizes = new Set<string>()
  pc.addTransceiver('video', { direction: 'recvonly' }).onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      stamps.add(rtp.header.timestamp)
      const size = sizeFromRtpPayload('H264', rtp.payload)
      if (size) sizes.add(`${size.width}x${size.height}`)
    })
  })
  await pc.setLocalDescription(await pc.createOffer())
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve()
    const t = setTimeout(resolve, 3000)
    pc.iceGatheringStateChange.subscribe((s) => {
      if (s === 'complete') {
        clearTimeout(t)
        resolve()
      }
    })
  })
  const res = await fetch(`${node.url}/live/${stream}/whep?rendition=${encodeURIComponent(rendition)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp' },
    body: keepLoopbackCandidates(pc.localDescription!.sdp),
  })
  const text = await res.text()
  const location = res.headers.get('location')
  if (res.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: text })
  else await pc.close()
  return {
    status: res.status,
    error: res.status === 201 ? undefined : (JSON.parse(text) as { code: string; message: string }),
    sizes,
    frames: () => stamps.size,
    async close() {
      const status = location
        ? (await fetch(new URL(location, node.url), { method: 'DELETE' })).status
        : undefined
      await pc.close()
      return status
    },
  }
}

it('viewers of two renditions of a transcode ladder receive them at their sizes', {
  timeout: 120_000,
}, async () => {
  const client = await WhipClient.connect({
    url: node.url,
    streamId: 'ladder',
    pipeline: { kind: 'transcode', profiles: ['P144p30fps16x9', 'P240p30fps16x9'] },
    source: { type: 'testsrc', width: 320, height: 180, durationSec: 90 },
  })
  const passthrough = await WhipClient.connect({
    url: node.url,
    streamId: 'plain',
    source: { type: 'testsrc', width: 160, height: 120, durationSec: 90 },
  })
  try {
    await client.waitForFrames(5, 30_000)
    const plane = node.orchestrator.mediaPlane!
    // the sessions' own processes (the transcode's decoder and encoder)
    const ownFfmpeg = runningFfmpegPids().length

    // refused before anything is made
    const unknown = await watchRendition('ladder', 'P720p30fps16x9')
    expect([unknown.status, unknown.error?.code]).toEqual([404, 'WHEP_RENDITION_NOT_FOUND'])
    expect(unknown.error?.message).toContain('P144p30fps16x9, P240p30fps16x9')
    const none = await watchRendition('plain', 'P144p30fps16x9')
    expect([none.status, none.error?.code]).toEqual([404, 'WHEP_RENDITION_NOT_FOUND'])
    const twice = await fetch(
      `${node.url}/live/ladder/whep?rendition=P144p30fps16x9&rendition=P240p30fps16x9`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/sdp' },
        body: 'v=0\r\n',
      },
    )
    expect([twice.status, ((await twice.json()) as { code: string }).code]).toEqual([
      400,
      'HTTP_REQUEST_INVALID',
    ])
    expect(plane.viewerCount()).toBe(0)

    const small = await watchRendition('ladder', 'P144p30fps16x9')
    const large = await watchRendition('ladder', 'P240p30fps16x9')
    expect([small.status, large.status]).toEqual([201, 201])
    await expect
      .poll(() => Math.min(small.frames(), large.frames()), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(30)
    expect([...small.sizes]).toEqual(['256x144'])
    expect([...large.sizes]).toEqual(['426x240'])
    expect(plane.viewerCount()).toBe(2)
    // one more encoder per watched rendition
    expect(runningFfmpegPids().length).toBe(ownFfmpeg + 2)

    expect(await small.close()).toBe(200)
    expect(await large.close()).toBe(200)
    expect(plane.viewerCount()).toBe(0)
    // their last viewers left: the renditions' encoders stop while the session goes on
    await expect.poll(() => runningFfmpegPids().length, { timeout: 10_000 }).toBe(ownFfmpeg)
    await client.waitForFrames(client.stats.framesDecoded + 10)
  } finally {
    await client.close()
    await passthrough.close()
  }
  await expect
    .poll(async () => (await node.orchestrator.mediaPlane!.pool.dump()).flatMap((w) => w.routers).length)
    .toBe(0)
  await expectNoFfmpegLeft(10_000)
})
