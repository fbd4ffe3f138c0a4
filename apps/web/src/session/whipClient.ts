import { signWhipOffer, type TicketSigner } from '@prism/protocol'
import type { Address } from 'viem'
import { WhipError } from './errors.ts'

/** The key that signs the offer (the session key): a paid node binds the session to its address. */
export type WhipOfferSigner = TicketSigner & { address: Address }

/** Parameters of {@link whipPublish}. */
export type WhipPublishParameters = {
  /** Orchestrator base URL, e.g. `http://127.0.0.1:8935`. */
  baseUrl: string
  /** Stream name used in the path. */
  stream: string
  /** Pipeline spec, sent url-encoded as the `pipeline` query parameter. */
  pipeline: unknown
  /** A peer connection with its tracks and data channels already added. */
  pc: RTCPeerConnection
  /** Milliseconds to wait for ICE gathering before sending what is there. Default: 2000. */
  gatherTimeoutMs?: number
  /** Aborts the request. */
  signal?: AbortSignal
  /**
   * Signs the offer (`sender` and `senderSig` query parameters, @prism/protocol `signWhipOffer`):
   * the session then takes payments from this sender only. A paid node requires it.
   */
  signer?: WhipOfferSigner | undefined
}

/** What {@link whipPublish} returns. */
export type WhipPublishReturnType = {
  /** Absolute URL of the WHIP session resource (DELETE ends the session). */
  location: string
}

/**
 * Publishes a peer connection to an orchestrator over WHIP (RFC 9725): creates the offer, waits
 * for ICE gathering (non-trickle), POSTs it as `application/sdp` to
 * `/live/{stream}/whip?pipeline=…` (with `&sender=…&senderSig=…` when a signer is given: the
 * signature covers the exact SDP sent and the stream) and applies the answer.
 * @param params see {@link WhipPublishParameters}.
 * @returns the session resource location.
 * @throws WhipError `WEB_WHIP_FAILED` with reason `http` (non-201, message from `{code,message}`,
 * e.g. `SESSION_SENDER_REQUIRED` from a paid node without a signer), `network`, `sdp` or `sign`.
 * @example
 * const { location } = await whipPublish({ baseUrl, stream: 's1', pipeline: { kind: 'passthrough' }, pc })
 */
export async function whipPublish(params: WhipPublishParameters): Promise<WhipPublishReturnType> {
  const { pc } = params
  const offer = await pc.createOffer()
  await pc.setLocalDescription(offer)
  await waitForIceGathering(pc, params.gatherTimeoutMs ?? 2000)
  const sdp = pc.localDescription?.sdp
  if (!sdp) throw new WhipError('sdp', 'no local description after ICE gathering')
  const query = new URLSearchParams({ pipeline: JSON.stringify(params.pipeline) })
  if (params.signer) {
    let senderSig: string
    try {
      senderSig = await signWhipOffer(params.signer, { stream: params.stream, offerSdp: sdp })
    } catch (err) {
      throw new WhipError('sign', 'the session key could not sign the offer', err)
    }
    query.set('sender', params.signer.address)
    query.set('senderSig', senderSig)
  }
  const url = `${params.baseUrl.replace(/\/$/, '')}/live/${encodeURIComponent(params.stream)}/whip?${query}`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/sdp' },
      body: sdp,
      ...(params.signal ? { signal: params.signal } : {}),
    })
  } catch (err) {
    throw new WhipError('network', `WHIP request to ${params.baseUrl} failed`, err)
  }
  const text = await response.text()
  if (response.status !== 201) {
    let message = text
    try {
      const body = JSON.parse(text) as { code?: string; message?: string }
      message = `${body.code ?? ''} ${body.message ?? text}`.trim()
    } catch {}
    throw new WhipError('http', `WHIP ${response.status}: ${message}`)
  }
  const location = new URL(response.headers.get('location') ?? url, url).toString()
  try {
    await pc.setRemoteDescription({ type: 'answer', sdp: text })
  } catch (err) {
    throw new WhipError('sdp', 'the orchestrator answer could not be applied', err)
  }
  return { location }
}

/**
 * Ends a WHIP session with DELETE on its location. Never throws (the node may be gone).
 * @param location the URL returned by {@link whipPublish}.
 * @example
 * await whipUnpublish(location)
 */
export async function whipUnpublish(location: string): Promise<void> {
  try {
    await fetch(location, { method: 'DELETE' })
  } catch {}
}

function waitForIceGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs)
    function done() {
      clearTimeout(timer)
      pc.removeEventListener('icegatheringstatechange', check)
      resolve()
    }
    function check() {
      if (pc.iceGatheringState === 'complete') done()
    }
    pc.addEventListener('icegatheringstatechange', check)
  })
}
