/**
 * bench:latency — per-frame round trip through the node's `passthrough` pipeline with the
 * headless client (WHIP, werift <-> werift on 127.0.0.1), versus a raw werift echo in the same
 * process (two MediaPeers, the answerer sends every RTP packet straight back), measured in the
 * same run. The node path streams ffmpeg testsrc2 640x360 30 fps (libx264 zerolatency); the raw
 * echo sends synthetic frames of similar packet counts.
 *
 * Round trip = time from sending the first RTP packet of a frame to receiving the packet with the
 * marker bit and the same RTP timestamp (timestamps pass through unchanged).
 *
 * Usage: npm run bench:latency [-- --seconds 10]
 */
import { parseArgs } from 'node:util'
import { MediaPeer } from '@prism/node'
import { startTestOrchestrator } from '../helpers/orchestrator.ts'
import { WhipClient } from '../helpers/whip/WhipClient.ts'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } })
const seconds = Number(values.seconds)

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN
}

/** Raw baseline: two werift peers in this process, the answerer echoing every packet. */
async function rawEcho(): Promise<number[]> {
  const { peer: offerer, offerSdp } = await MediaPeer.offer({ codecs: ['H264'] })
  const { peer: answerer, answerSdp } = await MediaPeer.answer(offerSdp, { codecs: ['H264'] })
  answerer.on('videortp', (p) => answerer.sendVideoRtp(p))
  await offerer.acceptAnswer(answerSdp)
  await new Promise<void>((r) => {
    if (offerer.connectionState === 'connected') r()
    offerer.on('connectionstatechange', (s) => s === 'connected' && r())
  })
  // Synthetic 30 fps frames of realistic size (a 20-packet keyframe each second, 4-packet
  // frames between), so the baseline measures werift's transport alone.
  const sentAt = new Map<number, number>()
  const rtts: number[] = []
  offerer.on('videortp', (pkt) => {
    const marker = (pkt[1]! & 0x80) !== 0
    const ts = pkt.readUInt32BE(4)
    const t = sentAt.get(ts)
    if (marker && t !== undefined) {
      rtts.push(performance.now() - t)
      sentAt.delete(ts)
    }
  })
  let seq = 0
  const frames = seconds * 30
  for (let f = 0; f < frames; f++) {
    const ts = (f * 3000) >>> 0
    const packets = f % 30 === 0 ? 20 : 4 // keyframe-sized bursts, then small P frames
    sentAt.set(ts, performance.now())
    for (let i = 0; i < packets; i++) {
      const pkt = Buffer.alloc(1100)
      pkt[0] = 0x80
      pkt[1] = (i === packets - 1 ? 0x80 : 0) | 96
      pkt.writeUInt16BE(seq++ & 0xffff, 2)
      pkt.writeUInt32BE(ts, 4)
      pkt.writeUInt32BE(1234, 8)
      pkt[12] = 0x01 // a non-IDR NAL header byte
      offerer.sendVideoRtp(pkt)
    }
    await new Promise((r) => setTimeout(r, 1000 / 30))
  }
  await new Promise((r) => setTimeout(r, 500))
  await offerer.close()
  await answerer.close()
  return rtts
}

const node = await startTestOrchestrator({ monitor: false })
try {
  const raw = await rawEcho()
  const client = await WhipClient.connect({
    url: node.url,
    streamId: 'latency',
    pipeline: { kind: 'passthrough' },
    decode: false,
    source: { type: 'testsrc', width: 640, height: 360, durationSec: seconds },
  })
  await client.sourceDone()
  await new Promise((r) => setTimeout(r, 500))
  const viaNode = client.stats.roundTripsMs
  await client.close()
  const line = (name: string, xs: number[]) =>
    `${name.padEnd(22)} p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  (${xs.length} frames)`
  console.log(line('raw werift echo', raw))
  console.log(line('node passthrough', viaNode))
  console.log(
    `ratio node/raw: p50 ${(pct(viaNode, 50) / pct(raw, 50)).toFixed(2)}  p95 ${(pct(viaNode, 95) / pct(raw, 95)).toFixed(2)}`,
  )
} finally {
  await node.close()
}
