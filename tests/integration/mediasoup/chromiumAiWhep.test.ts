/**
 * Chromium as a WHEP viewer of a live `ai` session (sepia at full strength, onnxruntime-node on the
 * CPU): the frames it decodes are the stylized output, warm (red well above blue), while the
 * testsrc source is not.
 */
import { createNodeRuntime } from '@prism/gpu/node'
import { createAiPipelineKind, type RunningOrchestrator } from '@prism/node'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from '../../helpers/chromium.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import { WhipClient } from '../../helpers/whip/WhipClient.ts'

let node: RunningOrchestrator
let browser: Browser

beforeAll(async () => {
  node = await startTestOrchestrator({
    orchestrator: {
      maxSessions: 1,
      pipelineKinds: [createAiPipelineKind({ runtime: createNodeRuntime({ log: () => {} }) })],
      mediaPlane: { workers: 1 },
    },
  })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await node?.close()
})

type Seen = { status: number; body?: string; framesDecoded?: number; redMinusBlue?: number }

it('sees the stylized output of an ai session', async () => {
  const client = await WhipClient.connect({
    url: node.url,
    streamId: 'styled',
    pipeline: {
      kind: 'ai',
      width: 160,
      height: 120,
      stages: [{ model: 'builtin:sepia', params: { strength: 1 } }],
    },
    source: { type: 'testsrc', width: 160, height: 120, fps: 15, durationSec: 60 },
  })
  const page = await browser.newPage()
  try {
    await client.waitForFrames(10, 60_000)
    const seen = await page.evaluate(
      async ({ url }): Promise<Seen> => {
        const pc = new RTCPeerConnection()
        pc.addTransceiver('video', { direction: 'recvonly' })
        const video = document.createElement('video')
        video.muted = true
        video.autoplay = true
        document.body.append(video)
        pc.addEventListener('track', (e) => {
          video.srcObject = new MediaStream([e.track])
        })
        await pc.setLocalDescription(await pc.createOffer())
        await new Promise<void>((resolve) => {
          if (pc.iceGatheringState === 'complete') return resolve()
          setTimeout(resolve, 2000)
          pc.addEventListener('icegatheringstatechange', () => {
            if (pc.iceGatheringState === 'complete') resolve()
          })
        })
        const res = await fetch(`${url}/live/styled/whep`, {
          method: 'POST',
          headers: { 'content-type': 'application/sdp' },
          body: pc.localDescription!.sdp,
        })
        const body = await res.text()
        if (res.status !== 201) return { status: res.status, body }
        await pc.setRemoteDescription({ type: 'answer', sdp: body })
        let framesDecoded = 0
        const until = Date.now() + 45_000
        while (Date.now() < until && (framesDecoded < 20 || video.videoWidth === 0)) {
          await new Promise((r) => setTimeout(r, 200))
          const stats = await pc.getStats()
          stats.forEach((r: RTCInboundRtpStreamStats) => {
            if (r.type === 'inbound-rtp' && r.kind === 'video') framesDecoded = r.framesDecoded ?? 0
          })
        }
        const canvas = document.createElement('canvas')
        canvas.width = video.videoWidth
        canvas.height = video.videoHeight
        const ctx = canvas.getContext('2d')!
        ctx.drawImage(video, 0, 0)
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data
        let diff = 0
        for (let i = 0; i < px.length; i += 4) diff += px[i]! - px[i + 2]!
        pc.close()
        return { status: res.status, framesDecoded, redMinusBlue: diff / (px.length / 4) }
      },
      { url: node.url },
    )
    expect(seen.status).toBe(201)
    expect(seen.framesDecoded).toBeGreaterThanOrEqual(20)
    // sepia: red well above blue everywhere; testsrc's own frames average about -5
    expect(seen.redMinusBlue).toBeGreaterThan(30)
  } finally {
    await page.close()
    await client.close()
  }
})
