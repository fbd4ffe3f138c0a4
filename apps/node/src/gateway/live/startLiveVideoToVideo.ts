/**
 * Starts a live AI job as go-livepeer's gateway does: `POST <transcoder>/live-video-to-video` with
 * `Livepeer-Segment` (SegData: manifest id `35_<model>`, seq 0, hash keccak256 of nothing, the
 * session's capabilities and auth token, signed on chain), `Livepeer-Payment` (the initial credit,
 * '' off chain), `Authorization: Livepeer-AI-Worker-1.0` and a JSON body (`model_id`, `params`,
 * `stream_id`, `gateway_request_id`); the whole request within 5 s. The reply names the four
 * trickle channels and the orchestrator's manifest id (used by later `/payment` calls).
 */
import {
  buildSegData,
  CAPABILITIES,
  type net,
  segDataToHeader,
  signSegData,
  type TicketSigner,
} from '@prism/protocol'
import { httpCall } from '../dispatch/httpClient.ts'
import { GatewayLiveStartError } from './errors.ts'

/** Deadline of the start request (go-livepeer's). */
export const LIVE_START_TIMEOUT_MS = 5000

/** Arguments of {@link startLiveVideoToVideo}. */
export type LiveStartRequest = {
  /** The orchestrator's service URI (OrchestratorInfo.transcoder). */
  uri: string
  /** The session's OrchestratorInfo (auth token). */
  info: net.OrchestratorInfo
  /** The session's capabilities (capability 35 with the model). */
  capabilities: net.Capabilities
  modelId: string
  params: Record<string, unknown>
  streamId: string
  requestId: string
  /** `Livepeer-Payment` value. Default: '' (off chain). */
  paymentHeader?: string
  /** Signs the SegData (on chain). */
  signer?: TicketSigner
}

/** The orchestrator's channels for one live AI job (URLs absolute). */
export type LiveChannels = {
  publishUrl: string
  subscribeUrl: string
  controlUrl: string
  eventsUrl: string
  manifestId: string
}

/**
 * Sends the start request.
 * @throws GatewayLiveStartError (`GATEWAY_LIVE_START_FAILED`).
 * @example const ch = await startLiveVideoToVideo({ uri, info, capabilities, modelId: 'builtin:sepia', params: {}, streamId: 'cam', requestId: 'r1' })
 */
export async function startLiveVideoToVideo(r: LiveStartRequest): Promise<LiveChannels> {
  const seg = buildSegData({
    manifestId: `${CAPABILITIES.LiveVideoToVideo}_${r.modelId}`,
    capabilities: r.capabilities,
    ...(r.info.authToken ? { authToken: r.info.authToken } : {}),
  })
  if (r.signer) seg.sig = await signSegData(r.signer, seg)
  const body = JSON.stringify({
    model_id: r.modelId,
    params: r.params,
    stream_id: r.streamId,
    gateway_request_id: r.requestId,
  })
  let res: Awaited<ReturnType<typeof httpCall>>
  try {
    res = await httpCall({
      method: 'POST',
      url: `${r.uri.replace(/\/+$/, '')}/live-video-to-video`,
      headers: {
        'content-type': 'application/json',
        'livepeer-segment': segDataToHeader(seg),
        'livepeer-payment': r.paymentHeader ?? '',
        authorization: 'Livepeer-AI-Worker-1.0',
      },
      body: new TextEncoder().encode(body),
      headerTimeoutMs: LIVE_START_TIMEOUT_MS,
      totalTimeoutMs: LIVE_START_TIMEOUT_MS,
      maxBodyBytes: 1024 * 1024,
    })
  } catch (err) {
    throw new GatewayLiveStartError(r.uri, 0, (err as Error).message, err)
  }
  const text = res.body.toString('utf8')
  if (res.status !== 200) throw new GatewayLiveStartError(r.uri, res.status, text.replace(/\n$/, ''))
  let json: Record<string, unknown>
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch (err) {
    throw new GatewayLiveStartError(r.uri, res.status, 'unreadable live-video-to-video reply', err)
  }
  const str = (k: string) => (typeof json[k] === 'string' ? (json[k] as string) : '')
  if (!str('control_url')) throw new GatewayLiveStartError(r.uri, res.status, 'control URL is missing')
  const abs = (u: string) => (u ? new URL(u, r.uri).toString() : u)
  return {
    publishUrl: abs(str('publish_url')),
    subscribeUrl: abs(str('subscribe_url')),
    controlUrl: abs(str('control_url')),
    eventsUrl: abs(str('events_url')),
    manifestId: str('manifest_id'),
  }
}
