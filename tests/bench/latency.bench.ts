/**
 * bench:latency — per-frame round trip of a WHIP passthrough with the headless client (werift on
 * 127.0.0.1, ffmpeg testsrc2 640x360 30 fps, libx264 zerolatency), in the same run:
 * - raw werift echo: two werift MediaPeers in this process, the answerer sends every RTP packet
 *   straight back (synthetic frames of similar packet counts);
 * - raw mediasoup echo: the same client against a bare mediasoup worker whose router consumes the
 *   sender's producer straight back (mediasoupBench.ts `startRawWhipEcho`);
 * - node on mediasoup: `prism orchestrator`'s path (a media plane: the session's router loops the
 *   passthrough back and the pipeline observes it through a DirectTransport);
 * - node on werift: an orchestrator without a media plane (today's fallback, the old path).
 *
 * Round trip = time from sending the first RTP packet of a frame to receiving the packet with the
 * marker bit and the same RTP timestamp (timestamps pass through unchanged).
 *
 * WHEP viewers (mediasoup), after that: the latency a WHEP viewer sees, from the moment the node
 * has the source's RTP (the passthrough session's output event) to a headless werift viewer in
 * this process receiving the frame's last packet (marker bit, same RTP timestamp) through the
 * media plane's fan-out; versus a raw mediasoup producer -> consumer loop (a bare worker, router,
 * PlainTransport producer fed from this process, the same viewer as a WebRtcTransport consumer),
 * both fed ffmpeg testsrc2 640x360 30 fps; next to the WHIP round trip of the viewed session. The
 * node has two viewers: one offering H.264 with the payload type of the stream's source router (a
 * consumer of it, as in the raw loop), one with werift's own (a second router fed by pipeToRouter,
 * as for most browsers).
 *
 * Usage: npm run bench:latency [-- --seconds 10]
 */
import { parseArgs } from 'node:util'
import {
  FfmpegProcess,
  h264EncodeArgs,
  MediaPeer,
  parseRtpHeader,
  RtpSource,
  rtpOutputArgs,
} from '@prism/node'
import { startTestOrchestrator } from '../helpers/orchestrator.ts'
import { WhipClient } from '../helpers/whip/WhipClient.ts'
import { type BenchViewer, openViewer, startRawFanout, startRawWhipEcho } from './mediasoupBench.ts'

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

/**
 * Per-frame latency from `stamp` (first packet of an RTP timestamp) to a viewer receiving the
 * frame's marker packet: returns the stamp function, the viewer's packet callback and the results.
 */
function frameClock() {
  const sentAt = new Map<number, number>()
  const ms: number[] = []
  return {
    ms,
    stamp(pkt: Buffer) {
      const h = parseRtpHeader(pkt)
      if (!h || sentAt.has(h.timestamp)) return
      sentAt.set(h.timestamp, performance.now())
      if (sentAt.size > 600) sentAt.delete(sentAt.keys().next().value!)
    },
    received(ts: number, marker: boolean) {
      const t = sentAt.get(ts)
      if (!marker || t === undefined) return
      ms.push(performance.now() - t)
      sentAt.delete(ts)
    },
  }
}

/** Raw mediasoup loop: ffmpeg testsrc2 -> this process -> PlainTransport producer -> consumer -> viewer. */
async function rawMediasoup(): Promise<number[]> {
  const fanout = await startRawFanout()
  const clock = frameClock()
  let viewer: BenchViewer | undefined
  const rtp = await RtpSource.open((pkt) => {
    clock.stamp(pkt)
    fanout.feed(pkt)
  })
  try {
    viewer = await openViewer(fanout.url, 'raw', clock.received)
    const source = new FfmpegProcess({
      name: 'bench/source',
      args: [
        ...['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', String(seconds), '-an'],
        ...h264EncodeArgs('libx264', 1500, 30, true),
        ...['-bsf:v', 'dump_extra'],
        ...rtpOutputArgs(rtp.port),
      ],
    })
    await source.exited
    await new Promise((r) => setTimeout(r, 500))
    return clock.ms
  } finally {
    await viewer?.close()
    rtp.close()
    await fanout.close()
  }
}

/** Per-frame round trips of a WhipClient streaming testsrc2 640x360 through `url`'s passthrough. */
async function whipRoundTrips(url: string, streamId: string): Promise<number[]> {
  const client = await WhipClient.connect({
    url,
    streamId,
    pipeline: { kind: 'passthrough' },
    decode: false,
    source: { type: 'testsrc', width: 640, height: 360, durationSec: seconds },
  })
  try {
    await client.sourceDone()
    await new Promise((r) => setTimeout(r, 500))
    return client.stats.roundTripsMs
  } finally {
    await client.close()
  }
}

const node = await startTestOrchestrator({
  monitor: false,
  orchestrator: { mediaPlane: { workers: 1 } },
})
try {
  const line = (name: string, xs: number[]) =>
    `${name.padEnd(24)} p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  (${xs.length} frames)`
  const ratio = (a: number[], b: number[]) =>
    `p50 ${(pct(a, 50) / pct(b, 50)).toFixed(2)}  p95 ${(pct(a, 95) / pct(b, 95)).toFixed(2)}`
  const raw = await rawEcho()
  const echo = await startRawWhipEcho()
  let rawMediasoupRtt: number[]
  try {
    rawMediasoupRtt = await whipRoundTrips(echo.url, 'raw')
  } finally {
    await echo.close()
  }
  const viaNode = await whipRoundTrips(node.url, 'latency')
  // the werift path: an orchestrator without a media plane terminates WHIP on werift
  const weriftNode = await startTestOrchestrator({ monitor: false })
  let viaWerift: number[]
  try {
    viaWerift = await whipRoundTrips(weriftNode.url, 'latency')
  } finally {
    await weriftNode.close()
  }
  console.log('WHIP passthrough round trip (client -> node -> client, werift client on 127.0.0.1)')
  console.log(line('raw werift echo', raw))
  console.log(line('raw mediasoup echo', rawMediasoupRtt))
  console.log(line('node on mediasoup', viaNode))
  console.log(line('node on werift', viaWerift))
  console.log(`ratio node on mediasoup / raw mediasoup echo: ${ratio(viaNode, rawMediasoupRtt)}`)
  console.log(`ratio node on werift / raw werift echo:       ${ratio(viaWerift, raw)}`)
  console.log(`ratio node on mediasoup / node on werift:     ${ratio(viaNode, viaWerift)}`)

  // WHEP viewers through mediasoup: the raw loop, then a viewer of a passthrough session
  const rawMs = await rawMediasoup()
  const viewed = await WhipClient.connect({
    url: node.url,
    streamId: 'latency-whep',
    pipeline: { kind: 'passthrough' },
    decode: false,
    manualStart: true,
    source: { type: 'testsrc', width: 640, height: 360, durationSec: seconds },
  })
  // two viewers: one offering the source router's payload type (102), consumed there; one offering
  // werift's 96, served by a second router fed through pipeToRouter (as most browsers' offers are)
  const direct = frameClock()
  const piped = frameClock()
  const session = node.orchestrator.getSessionByStream('latency-whep')!
  session.on('outputrtp', (pkt) => {
    direct.stamp(pkt)
    piped.stamp(pkt)
  })
  const viewers = [
    await openViewer(node.url, 'latency-whep', direct.received, { payloadType: 102 }),
    await openViewer(node.url, 'latency-whep', piped.received),
  ]
  await viewed.start()
  await viewed.sourceDone()
  await new Promise((r) => setTimeout(r, 500))
  const whipRtt = viewed.stats.roundTripsMs
  for (const v of viewers) await v.close()
  await viewed.close()
  console.log('\nWHEP viewer latency (mediasoup), one way: RTP in -> viewer has the frame')
  console.log(line('raw mediasoup loop', rawMs))
  console.log(line('node -> WHEP viewer', direct.ms))
  console.log(line('  via pipeToRouter', piped.ms))
  const ratios = (xs: number[]) =>
    `p50 ${(pct(xs, 50) / pct(rawMs, 50)).toFixed(2)}  p95 ${(pct(xs, 95) / pct(rawMs, 95)).toFixed(2)}`
  console.log(`ratio node/raw: ${ratios(direct.ms)}; via pipeToRouter/raw: ${ratios(piped.ms)}`)
  console.log(line('its WHIP round trip', whipRtt))
  console.log(
    '(the WHIP round trip is two legs, client -> node -> client; the viewer figures are one leg, node -> mediasoup -> viewer)',
  )
} finally {
  await node.close()
}
