/**
 * A WHEP viewer in a Chromium page (another origin than the node, so CORS applies): offers to
 * receive video and audio, POSTs the offer to `whepPath`, decodes up to 30 frames (30 s at most),
 * then DELETEs its resource. Returns what it saw.
 */
import type { Browser } from 'playwright-core'

/** What the page's viewer saw. */
export type Watched = {
  status: number
  body?: string
  framesDecoded?: number
  width?: number
  height?: number
  deleted?: number
}

/**
 * Watches `whepPath` (e.g. `/live/cam/whep?rendition=P144p30fps16x9`) of the node at `url`.
 * @example const seen = await watchInChromium(browser, node.url, '/live/cam/whep')
 */
export async function watchInChromium(browser: Browser, url: string, whepPath: string): Promise<Watched> {
  const page = await browser.newPage()
  try {
    return await page.evaluate(
      async ({ url, whepPath }): Promise<Watched> => {
        const pc = new RTCPeerConnection()
        pc.addTransceiver('video', { direction: 'recvonly' })
        pc.addTransceiver('audio', { direction: 'recvonly' })
        await pc.setLocalDescription(await pc.createOffer())
        await new Promise<void>((resolve) => {
          if (pc.iceGatheringState === 'complete') return resolve()
          setTimeout(resolve, 2000)
          pc.addEventListener('icegatheringstatechange', () => {
            if (pc.iceGatheringState === 'complete') resolve()
          })
        })
        const res = await fetch(`${url}${whepPath}`, {
          method: 'POST',
          headers: { 'content-type': 'application/sdp' },
          body: pc.localDescription!.sdp,
        })
        const body = await res.text()
        if (res.status !== 201) return { status: res.status, body }
        const location = res.headers.get('location')!
        await pc.setRemoteDescription({ type: 'answer', sdp: body })
        let framesDecoded = 0
        let width = 0
        let height = 0
        const until = Date.now() + 30_000
        while (Date.now() < until && framesDecoded < 30) {
          await new Promise((r) => setTimeout(r, 200))
          const stats = await pc.getStats()
          stats.forEach((r: RTCInboundRtpStreamStats) => {
            if (r.type === 'inbound-rtp' && r.kind === 'video') {
              framesDecoded = r.framesDecoded ?? 0
              width = r.frameWidth ?? 0
              height = r.frameHeight ?? 0
            }
          })
        }
        const deleted = (await fetch(`${url}${location}`, { method: 'DELETE' })).status
        pc.close()
        return { status: res.status, framesDecoded, width, height, deleted }
      },
      { url, whepPath },
    )
  } finally {
    await page.close()
  }
}
