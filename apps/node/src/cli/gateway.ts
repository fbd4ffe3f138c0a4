/**
 * The `prism gateway` role: RTMP ingest (ffmpeg) → 2 s MPEG-TS segments → go-livepeer's protocol
 * to orchestrators (gRPC GetOrchestrator discovery and sessions, signed and paid `POST /segment`,
 * renditions downloaded from their URLs) → HLS for viewers on the HTTP port. `-network offchain`
 * sends no signatures and no payments. See docs/gateway.md.
 */
import { readFileSync } from 'node:fs'
import {
  createChainClient,
  type Deployment,
  decodeDeployment,
  getBlockNumber,
  getNetwork,
  type NetworkChainClient,
} from '@prism/protocol'
import type { Hex } from 'viem'
import { Gateway } from '../gateway/Gateway.ts'
import { buildGatewayServer } from '../gateway/http/gatewayServer.ts'
import {
  discoveryLeftOutLine,
  offchainPaymentProblem,
  offchainRefusalProblem,
  segmentLogLine,
} from '../gateway/logging/gatewayLog.ts'
import { loadSigner } from '../gateway/payment/loadSigner.ts'
import { PaymentSessionPayer } from '../gateway/payment/PaymentSessionPayer.ts'
import { discoverOrchestrators } from '../gateway/selection/discoverOrchestrators.ts'
import { RtmpSegmenter } from '../media/ffmpeg/rtmpSegmenter.ts'
import { profilesByName } from '../media/profiles.ts'
import { CliFlagInvalidError } from './errors.ts'
import { formatHelp, parseFlags } from './flags.ts'

const FLAGS = {
  rtmpAddr: {
    type: 'string',
    default: '127.0.0.1:1935',
    help: 'RTMP ingest address (rtmp://host/live/{streamKey}).',
  },
  httpAddr: {
    type: 'string',
    default: '127.0.0.1:9935',
    help: 'HTTP address: HLS at /live/{stream}/hls/, /metrics.',
  },
  orchAddr: {
    type: 'string',
    default: '',
    help: 'Comma-separated orchestrator service URIs (https://host:port, or http:// for plaintext), in preference order.',
  },
  ethKeyFile: {
    type: 'string',
    default: '',
    help: 'File with the hex private key that signs discovery requests, segments and tickets (required on a chain; unused off chain).',
  },
  transcodingOptions: {
    type: 'string',
    default: 'P240p30fps16x9,P360p30fps16x9',
    help: 'Comma-separated Livepeer profile names (the ladder).',
  },
  segmentLength: { type: 'number', default: 2, help: 'Target segment length in seconds.' },
  maxAttempts: { type: 'number', default: 3, help: 'Orchestrators tried per segment before it is dropped.' },
  pipelineDepth: {
    type: 'number',
    default: 2,
    help: 'Segments of a stream in flight at once (the next is sent while one transcodes; published in order). 1 = one at a time.',
  },
  verifyFreq: {
    type: 'number',
    default: 0,
    help: 'Fraction of segments verified against a second orchestrator or a local transcode (0..1).',
  },
  network: {
    type: 'string',
    default: 'offchain',
    help: "'offchain' (no payments, -orchAddr only), 'dev' (with -deployment) or 'arbitrum-one': pay with tickets and discover the on-chain pool.",
  },
  deployment: {
    type: 'string',
    default: '',
    help: 'Dev deployment file written by `prism dev` (RPC URL and contracts).',
  },
  ethUrl: {
    type: 'string',
    default: '',
    help: "Ethereum JSON-RPC URL. Default: the network's or the deployment's.",
  },
  maxTicketEV: {
    type: 'string',
    default: '3000000000000',
    help: 'Largest ticket EV accepted from an orchestrator, wei.',
  },
  maxTotalEV: { type: 'string', default: '20000000000000', help: 'Largest EV of one payment, wei.' },
  minSsim: { type: 'number', default: 0.9, help: 'Minimum SSIM between renditions in verification.' },
  liveAiModel: {
    type: 'string',
    default: '',
    help: 'Live AI: send every stream to this model (live-video-to-video over trickle, e.g. builtin:sepia) and publish its output as the HLS rendition `ai`; the input is cut in 1 s segments.',
  },
  liveAiParams: {
    type: 'string',
    default: '{}',
    help: 'Live AI: initial model parameters, a JSON object (later updates: POST /live/{stream}/update).',
  },
  liveAiOutputTimeout: {
    type: 'number',
    default: 30,
    help: 'Live AI: seconds without output before the stream moves to the next orchestrator.',
  },
} as const

/** The `-liveAiParams` object. */
function liveAiParams(v: string): Record<string, unknown> {
  let doc: unknown
  try {
    doc = JSON.parse(v)
  } catch {
    doc = undefined
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new CliFlagInvalidError(`-liveAiParams expects a JSON object, got "${v}"`)
  return doc as Record<string, unknown>
}

function hostPort(flag: string, v: string): { host: string; port: number } {
  const i = v.lastIndexOf(':')
  const port = Number(v.slice(i + 1))
  if (i < 0 || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliFlagInvalidError(`-${flag} expects host:port, got "${v}"`)
  return { host: v.slice(0, i) || '127.0.0.1', port }
}

/** Runs the gateway until SIGINT/SIGTERM. Returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS)
  if (flags.help) {
    process.stdout.write(
      formatHelp(
        'prism gateway',
        'Headless gateway: RTMP ingest, segments, paid dispatch, verification, HLS.',
        FLAGS,
      ),
    )
    return 0
  }
  const orchAddrs = flags.orchAddr
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const offchain = flags.network === 'offchain'
  if (offchain && orchAddrs.length === 0)
    throw new CliFlagInvalidError(
      '-orchAddr needs at least one orchestrator URI (or use -network with a chain)',
    )
  if (!offchain && !flags.ethKeyFile)
    throw new CliFlagInvalidError('-ethKeyFile is required to pay on a chain')
  if (!Number.isInteger(flags.pipelineDepth) || flags.pipelineDepth < 1)
    throw new CliFlagInvalidError('-pipelineDepth must be a whole number of at least 1')
  if (flags.verifyFreq < 0 || flags.verifyFreq > 1)
    throw new CliFlagInvalidError('-verifyFreq must be within 0..1')
  const profiles = profilesByName(flags.transcodingOptions.split(','))
  const rtmp = hostPort('rtmpAddr', flags.rtmpAddr)
  const http = hostPort('httpAddr', flags.httpAddr)
  const account = offchain ? undefined : await loadSigner(flags.ethKeyFile)
  let client: NetworkChainClient | undefined
  if (!offchain) {
    let deployment: Deployment | undefined
    if (flags.deployment) deployment = decodeDeployment(JSON.parse(readFileSync(flags.deployment, 'utf8')))
    const network = getNetwork(flags.network, deployment)
    const rpcUrl = flags.ethUrl || network.rpcUrl
    if (!rpcUrl) throw new CliFlagInvalidError('-ethUrl is required for this network')
    const key = readFileSync(flags.ethKeyFile, 'utf8').trim()
    client = createChainClient({ network, rpcUrl, account: (key.startsWith('0x') ? key : `0x${key}`) as Hex })
  }
  const chain = client
  const payer =
    chain && account
      ? new PaymentSessionPayer({
          account,
          getBlockNumber: () => getBlockNumber(chain),
          maxTicketEV: BigInt(flags.maxTicketEV),
          maxTotalEV: BigInt(flags.maxTotalEV),
        })
      : undefined
  const gateway = new Gateway({
    orchAddrs: [],
    ...(account ? { account } : {}),
    ...(payer ? { payer } : {}),
    ...(chain ? { currentBlock: () => getBlockNumber(chain) } : {}),
    profiles,
    maxAttempts: flags.maxAttempts,
    pipelineDepth: flags.pipelineDepth,
    verifyFreq: flags.verifyFreq,
    minSsim: flags.minSsim,
    ...(flags.liveAiModel
      ? {
          liveAi: {
            modelId: flags.liveAiModel,
            params: liveAiParams(flags.liveAiParams),
            outputTimeoutMs: flags.liveAiOutputTimeout * 1000,
          },
        }
      : {}),
  })
  gateway.liveAi?.on('started', (e) =>
    process.stdout.write(`gateway: live AI ${e.stream} started on ${e.uri} (manifest ${e.manifestId})\n`),
  )
  gateway.liveAi?.on('swap', (e) =>
    process.stderr.write(`gateway: live AI ${e.stream} left ${e.uri}: ${e.reason}\n`),
  )
  gateway.liveAi?.on('paymentFailed', (e) =>
    process.stderr.write(`gateway: live AI ${e.stream} payment failed on ${e.uri}: ${String(e.error)}\n`),
  )
  gateway.liveAi?.on('stopped', (e) =>
    process.stderr.write(
      `gateway: live AI ${e.stream} stopped on ${e.uri}: ${e.error.code}: ${e.error.text}\n`,
    ),
  )
  gateway.liveAi?.on('event', (e) =>
    process.stdout.write(`gateway: live AI ${e.stream} event from ${e.uri}: ${JSON.stringify(e.event)}\n`),
  )
  gateway.on('segment', (e) => process.stdout.write(`${segmentLogLine(e)}\n`))
  gateway.on('swap', (e) =>
    process.stderr.write(`gateway: seg ${e.stream}/${e.seq} failed on ${e.uri}: ${e.reason}\n`),
  )
  gateway.on('verificationFailed', (e) =>
    process.stderr.write(`gateway: verification failed ${e.stream}/${e.seq} on ${e.uri}: ${e.reason}\n`),
  )
  const request = await gateway.orchestratorRequest()
  /** Orchestrators already named as wanting payment from this off-chain gateway. */
  const warned = new Set<string>()
  const discover = async () =>
    gateway.pool.add(
      await discoverOrchestrators({
        orchAddrs,
        request,
        metrics: gateway.metrics,
        suspensions: gateway.pool.suspensions,
        onInfo: (uri, info) => {
          gateway.sessions.seed(uri, info)
          const why = offchain ? offchainPaymentProblem(uri, info) : undefined
          if (why && !warned.has(uri)) process.stderr.write(`${why}\n`)
          if (why) warned.add(uri)
        },
        onLeftOut: (uri, code, message) => {
          if (warned.has(uri)) return
          warned.add(uri)
          const why = offchain ? offchainRefusalProblem(uri, code) : undefined
          process.stderr.write(`${why ?? discoveryLeftOutLine(uri, code, message)}\n`)
        },
        ...(chain && account ? { client: chain, sender: account.address } : {}),
      }),
    )
  await discover()
  if (gateway.pool.list().length === 0)
    process.stderr.write('prism gateway: no orchestrator answered GetOrchestrator yet\n')
  // Re-discover every 5 minutes (new orchestrators, ones that were down at start).
  const rediscover = setInterval(() => void discover().catch(() => {}), 5 * 60_000)
  rediscover.unref()
  const app = await buildGatewayServer(gateway, {
    segmentSeconds: flags.liveAiModel ? 1 : flags.segmentLength,
    // WHIP ingest terminates on one mediasoup worker (a missing worker binary stops the gateway here)
    mediaPlane: { workers: 1 },
  })
  await app.listen({ host: http.host, port: http.port })
  // live AI cuts at every keyframe after 1 s (go-livepeer's minimum live AI segment)
  const segmentSeconds = flags.liveAiModel ? 1 : flags.segmentLength
  const ingest = new RtmpSegmenter({ host: rtmp.host, port: rtmp.port, segmentSeconds })
  ingest.on('segment', (s) => {
    void gateway.enqueue({ stream: s.streamKey, seq: s.seq, data: s.data, durationMs: s.durationMs })
  })
  ingest.on('end', (key) => void gateway.endStream(key))
  await ingest.start()
  process.stdout.write(
    `prism gateway: sender ${account?.address ?? 'none (off chain)'}; RTMP rtmp://${rtmp.host}:${rtmp.port}/live/{key}; HLS http://${http.host}:${http.port}/live/{key}/hls/index.m3u8\n`,
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  clearInterval(rediscover)
  await ingest.close()
  await gateway.liveAi?.close()
  await app.close()
  return 0
}
