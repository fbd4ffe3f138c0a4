/**
 * A headless WHEP viewer for tests: a werift peer with one recvonly video section (loopback ICE),
 * POSTed to `/live/{stream}/whep`; it counts the frames it receives (distinct RTP timestamps of
 * the video track) and ends with DELETE on its Location.
 */
import { RTCPeerConnection, useH264, useVP8 } from 'werift'
import { keepLoopbackCandidates, loopbackPeerConfig } from '../../../apps/node/src/webrtc/loopback.ts'

/** A connected (or refused) viewer. */
export type WhepTestViewer = {
  /** HTTP status of the POST. */
  status: number
  /** The error body when refused. */
  error?: { code: string; message: string }
  location?: string
  answerSdp?: string
  /** Frames received so far (distinct RTP timestamps). */
  frames(): number
  /** Resolves once `n` frames arrived, or rejects after `timeoutMs`. */
  waitForFrames(n: number, timeoutMs?: number): Promise<void>
  /** DELETE on the Location (when there is one), then closes the peer. */
  close(): Promise<number | undefined>
}

/** Offers, POSTs and applies the answer. */
export async function watch(
  baseUrl: string,
  streamId: string,
  opts: { codec?: 'H264' | 'VP8'; offerSdp?: (sdp: string) => string } = {},
): Promise<WhepTestViewer> {
  const pc = new RTCPeerConnection({
    ...loopbackPeerConfig(),
    codecs: { video: opts.codec === 'VP8' ? [useVP8()] : [useH264(), useVP8()], audio: [] },
  })
  const stamps = new Set<number>()
  const waiters: (() => void)[] = []
  const transceiver = pc.addTransceiver('video', { direction: 'recvonly' })
  transceiver.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      stamps.add(rtp.header.timestamp)
      for (const w of waiters.splice(0)) w()
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
  let offer = keepLoopbackCandidates(pc.localDescription!.sdp)
  if (opts.offerSdp) offer = opts.offerSdp(offer)
  const res = await fetch(`${baseUrl}/live/${streamId}/whep`, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp' },
    body: offer,
  })
  const text = await res.text()
  const location = res.headers.get('location') ?? undefined
  const base = {
    status: res.status,
    frames: () => stamps.size,
    async waitForFrames(n: number, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs
      while (stamps.size < n) {
        if (Date.now() > until) throw new Error(`${stamps.size} of ${n} frames after ${timeoutMs} ms`)
        await new Promise<void>((r) => {
          waiters.push(r)
          setTimeout(r, 250)
        })
      }
    },
    async close() {
      const status = location
        ? (await fetch(new URL(location, baseUrl), { method: 'DELETE' })).status
        : undefined
      await pc.close()
      return status
    },
  }
  if (res.status !== 201) {
    await pc.close()
    return { ...base, error: JSON.parse(text) as { code: string; message: string } }
  }
  await pc.setRemoteDescription({ type: 'answer', sdp: text })
  return { ...base, ...(location ? { location } : {}), answerSdp: text }
}
