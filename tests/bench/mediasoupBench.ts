/**
 * Shared parts of the mediasoup benchmarks (bench:viewers, bench:latency): the raw baselines (a bare
 * mediasoup worker, one router, a PlainTransport producer fed RTP from this process, and viewers
 * as WebRtcTransport consumers answered over a WHEP-shaped HTTP endpoint; and a bare WHIP echo,
 * each sender's producer consumed straight back), a headless werift WHEP
 * viewer that reports every RTP packet, and CPU time of a process from /proc.
 *
 * The raw baseline reads offers and writes answers with the node's own SDP helpers (whepSdp.ts):
 * signalling is not measured, only the media path (RTP in -> worker -> viewers).
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createSocket } from 'node:dgram'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { createWorker, type types } from 'mediasoup'
import { RTCPeerConnection, useH264 } from 'werift'
import { keepLoopbackCandidates, loopbackPeerConfig } from '../../apps/node/src/webrtc/loopback.ts'
import { remoteDtls } from '../../apps/node/src/webrtc/mediasoup/sdpParts.ts'
import {
  buildWhepAnswer,
  parseWhepOffer,
  viewerRtpCapabilities,
} from '../../apps/node/src/webrtc/mediasoup/whepSdp.ts'
import {
  buildWhipAnswer,
  parseWhipOffer,
  whipProducerParameters,
  whipReturnCapabilities,
  whipRouterCodec,
} from '../../apps/node/src/webrtc/mediasoup/whipSdp.ts'
import { resolveWorkerBin } from '../../apps/node/src/webrtc/mediasoup/workerBin.ts'

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

/** CPU ms (user + system) used so far by a process, or NaN once it is gone. */
export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // after "pid (comm) ": state is [0], utime [11], stime [12]
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number)
    return ((f[11]! + f[12]!) * 1000) / CLK_TCK
  } catch {
    return Number.NaN
  }
}

/** p-th percentile (0..100) of `xs`, NaN when empty. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN
}

/** werift offers H.264 as payload type 96: the router takes it, so consumers send it unchanged. */
const RAW_PT = 96
const RAW_SSRC = 0x52415721

/** The raw baseline: a bare mediasoup fan-out of H.264 RTP fed by {@link RawFanout.feed}. */
export type RawFanout = {
  /** Base URL: viewers POST offers to `${url}/live/raw/whep`. */
  url: string
  /** The worker's process id. */
  workerPid: number
  /** Sends one RTP packet to the producer (payload type and SSRC are rewritten in place). */
  feed(packet: Buffer): void
  /** Live consumers. */
  viewers(): number
  /** Closes the HTTP server, the socket and the worker (and with it every transport). */
  close(): Promise<void>
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString()))
    req.on('error', reject)
  })
}

/** A bare mediasoup worker with one WebRtcServer on 127.0.0.1 (UDP and TCP, free ports). */
async function startBareWorker(): Promise<{ worker: types.Worker; webRtcServer: types.WebRtcServer }> {
  const worker = await createWorker({ workerBin: resolveWorkerBin().path, logLevel: 'warn' })
  const webRtcServer = await worker.createWebRtcServer({
    listenInfos: [
      { protocol: 'udp', ip: '127.0.0.1' },
      { protocol: 'tcp', ip: '127.0.0.1' },
    ],
  })
  return { worker, webRtcServer }
}

/**
 * A WHIP/WHEP-shaped HTTP endpoint on 127.0.0.1: `POST` on a path matching `offerPath` answers the
 * offer with `answer` (201, Location `/raw/<id>`), `DELETE /raw/<id>` ends that resource with the
 * `close` it returned; errors are 500 `{ code: failureCode }`.
 */
async function serveSdpResources(
  offerPath: RegExp,
  failureCode: string,
  answer: (offerSdp: string) => Promise<{ answerSdp: string; close(): void }>,
): Promise<{ url: string; resources: Map<string, () => void>; close(): Promise<void> }> {
  const resources = new Map<string, () => void>()
  const server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? ''
      if (req.method === 'POST' && offerPath.test(path)) {
        const made = await answer(await body(req))
        const id = randomBytes(12).toString('base64url')
        resources.set(id, made.close)
        res.writeHead(201, { 'content-type': 'application/sdp', location: `/raw/${id}` })
        res.end(made.answerSdp)
        return
      }
      const m = /^\/raw\/([\w-]+)$/.exec(path)
      const end = m && req.method === 'DELETE' ? resources.get(m[1]!) : undefined
      if (end) {
        resources.delete(m![1]!)
        end()
        res.writeHead(200).end()
        return
      }
      res.writeHead(404).end()
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: failureCode, message: String(err) }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const address = server.address()
  const httpPort = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${httpPort}`,
    resources,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}

/**
 * Starts the raw baseline for H.264 (constrained baseline, packetization mode 1): one worker with a
 * WebRtcServer on 127.0.0.1, one router, a PlainTransport producer, and an HTTP endpoint answering
 * WHEP offers (`POST /live/raw/whep`, `DELETE` on the Location) with a WebRtcTransport and Consumer.
 */
export async function startRawFanout(): Promise<RawFanout> {
  const { worker, webRtcServer } = await startBareWorker()
  const codec = {
    kind: 'video' as const,
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  }
  const router = await worker.createRouter({ mediaCodecs: [{ ...codec, preferredPayloadType: RAW_PT }] })
  const socket = createSocket('udp4')
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()))
  socket.on('error', () => undefined)
  const plain = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: true,
    comedia: false,
  })
  await plain.connect({ ip: '127.0.0.1', port: socket.address().port })
  const producer = await plain.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [
        {
          ...codec,
          payloadType: RAW_PT,
          rtcpFeedback: [
            { type: 'nack' },
            { type: 'nack', parameter: 'pli' },
            { type: 'ccm', parameter: 'fir' },
          ],
        },
      ],
      encodings: [{ ssrc: RAW_SSRC }],
    },
  })
  const port = plain.tuple.localPort
  const live = new Set<types.WebRtcTransport>()
  const http = await serveSdpResources(/^\/live\/raw\/whep$/, 'RAW_FANOUT_FAILED', async (offerSdp) => {
    const offer = parseWhepOffer(offerSdp, 'H264')
    const caps = viewerRtpCapabilities(offer, router.rtpCapabilities)
    const transport = await router.createWebRtcTransport({
      webRtcServer,
      enableUdp: true,
      preferUdp: true,
    })
    await transport.connect({ dtlsParameters: remoteDtls(offer) })
    live.add(transport)
    transport.observer.once('close', () => live.delete(transport))
    const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: caps })
    return { answerSdp: buildWhepAnswer(offer, transport, consumer), close: () => transport.close() }
  })
  return {
    url: http.url,
    workerPid: worker.pid,
    feed(packet) {
      if (packet.length < 12) return
      packet[1] = (packet[1]! & 0x80) | RAW_PT
      packet.writeUInt32BE(RAW_SSRC, 8)
      socket.send(packet, port, '127.0.0.1')
    },
    viewers: () => live.size,
    async close() {
      await http.close()
      socket.close()
      worker.close()
    },
  }
}

/** A raw WHIP echo: the sender's video comes back from a bare mediasoup router. */
export type RawWhipEcho = { url: string; close(): Promise<void> }

/**
 * The raw baseline of a WHIP round trip on mediasoup: one bare worker and, per offer
 * (`POST /live/<any>/whip`), a router whose WebRtcTransport producer is consumed straight back in
 * the offer's own m-section (a producer -> consumer loop, nothing else: no DirectTransport, no
 * session; the SCTP association comes up but no data channel opens). Offers are read and answered with the node's SDP helpers (whipSdp.ts).
 */
export async function startRawWhipEcho(): Promise<RawWhipEcho> {
  const { worker, webRtcServer } = await startBareWorker()
  const http = await serveSdpResources(/^\/live\/[\w-]+\/whip/, 'RAW_WHIP_ECHO_FAILED', async (offerSdp) => {
    const offer = parseWhipOffer(offerSdp, ['H264', 'VP8'])
    const router = await worker.createRouter({ mediaCodecs: [whipRouterCodec(offer)] })
    const transport = await router.createWebRtcTransport({
      webRtcServer,
      enableUdp: true,
      preferUdp: true,
      // the client's data channel section is answered (werift insists) but no channel opens
      enableSctp: offer.applicationIndex >= 0,
    })
    await transport.connect({ dtlsParameters: remoteDtls(offer) })
    const producer = await transport.produce({ kind: 'video', rtpParameters: whipProducerParameters(offer) })
    const consumer = await transport.consume({
      producerId: producer.id,
      rtpCapabilities: whipReturnCapabilities(offer, router.rtpCapabilities),
      mid: offer.sections[offer.videoIndex]!.mid,
    })
    return { answerSdp: buildWhipAnswer(offer, transport, consumer), close: () => router.close() }
  })
  return {
    url: http.url,
    async close() {
      await http.close()
      worker.close()
    },
  }
}

/** A headless WHEP viewer (werift, H.264 only, loopback ICE). */
export type BenchViewer = {
  /** HTTP status of the POST. */
  status: number
  /** Distinct RTP timestamps received so far (frames). */
  frames(): number
  /** DELETE on the Location, then closes the peer. */
  close(): Promise<void>
}

/**
 * POSTs a recvonly H.264 offer to `${baseUrl}/live/${stream}/whep` and applies the answer;
 * `onRtp(timestamp, marker)` is called for every video RTP packet received. `payloadType`: the one
 * the offer gives H.264 (default: werift's, 96).
 */
export async function openViewer(
  baseUrl: string,
  stream: string,
  onRtp?: (timestamp: number, marker: boolean) => void,
  opts: { payloadType?: number } = {},
): Promise<BenchViewer> {
  const h264 = useH264(opts.payloadType === undefined ? {} : { payloadType: opts.payloadType })
  const pc = new RTCPeerConnection({ ...loopbackPeerConfig(), codecs: { video: [h264], audio: [] } })
  let frames = 0
  let lastTs: number | undefined
  const transceiver = pc.addTransceiver('video', { direction: 'recvonly' })
  transceiver.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      const ts = rtp.header.timestamp
      if (ts !== lastTs) {
        lastTs = ts
        frames++
      }
      onRtp?.(ts, rtp.header.marker)
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
  const res = await fetch(`${baseUrl}/live/${stream}/whep`, {
    method: 'POST',
    headers: { 'content-type': 'application/sdp' },
    body: keepLoopbackCandidates(pc.localDescription!.sdp),
  })
  const text = await res.text()
  const location = res.headers.get('location')
  if (res.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: text })
  return {
    status: res.status,
    frames: () => frames,
    async close() {
      if (location) await fetch(new URL(location, baseUrl), { method: 'DELETE' }).catch(() => undefined)
      await pc.close()
    },
  }
}
