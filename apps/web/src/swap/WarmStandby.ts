import type { AttachSession, GatewayCandidate, SessionAttachment } from '../session/LiveGateway.ts'
import type { WebPipelineSpec } from '../session/pipelineSpec.ts'
import { StreamSession } from '../session/StreamSession.ts'
import type { WhipOfferSigner } from '../session/whipClient.ts'
import { specShape } from './standbySpec.ts'

/** A standby session handed over to serve the stream. */
export type WarmSession = {
  session: StreamSession
  candidate: GatewayCandidate
  /** The spec the standby was negotiated with (same shape as the stream's; parameters may differ). */
  spec: WebPipelineSpec
  /** Attachments built when the standby opened (payment: it is prepaid); the new owner closes them. */
  prepared: SessionAttachment[]
}

/** Options of {@link WarmStandby}. */
export type WarmStandbyOptions = {
  /** Attachments a standby runs before it serves (the payment, so that the node admits it). */
  prepare: () => readonly AttachSession[]
  /** The key that signs the offer. */
  signer: () => WhipOfferSigner | undefined
  /** Wait before another standby on an orchestrator whose standby failed, ms. Default: 5000. */
  retryMs?: number
}

type Standby = WarmSession & {
  shape: string
  silent: MediaStreamTrack
  priming: ReturnType<typeof setInterval> | undefined
  primed: boolean
}

/** Priming frames a connected standby sends, one every {@link PRIME_EVERY_MS}. */
const PRIME_FRAMES = 8
const PRIME_EVERY_MS = 250

/**
 * A small canvas track that produces a frame only when asked: the standby's sender stays idle
 * until promoted, but for a few priming frames once connected (see {@link WarmStandby}).
 */
function silentTrack(): { track: MediaStreamTrack; frame(): void } {
  const canvas = document.createElement('canvas')
  canvas.width = 64
  canvas.height = 64
  const track = canvas.captureStream(0).getVideoTracks()[0] as CanvasCaptureMediaStreamTrack
  const ctx = canvas.getContext('2d')
  let n = 0
  return {
    track,
    frame() {
      if (ctx) {
        ctx.fillStyle = n++ % 2 ? '#404040' : '#808080'
        ctx.fillRect(0, 0, canvas.width, canvas.height)
      }
      track.requestFrame()
    },
  }
}

/**
 * Keeps the next orchestrator warm while a stream runs: a full {@link StreamSession} to it with
 * the stream's pipeline, negotiated (WHIP, ICE, DTLS, data channels) and prepaid through the
 * `prepare` attachments, sending almost no video: once connected, a few small priming frames (so
 * that the node's decoder has found the stream, the chain has run once and the encoder has
 * started: an AI pipeline's first frame costs seconds otherwise), then nothing, so the node
 * processes and bills next to nothing. When the serving orchestrator dies the gateway
 * takes it and {@link promote}s it: the camera track replaces the silent one, the encoder starts
 * with a keyframe and output follows one round trip later, instead of a whole new session.
 * A standby that fails is dropped quietly (it never counts as a swap) and retried after `retryMs`.
 *
 * @example
 * const standby = new WarmStandby({ prepare: () => [pay], signer: () => key })
 * standby.keep(nextCandidate, spec, performance.now()) // on every tick while live
 * const warm = standby.take(next.url) // on failure; undefined when not ready
 */
export class WarmStandby {
  readonly #o: WarmStandbyOptions
  #current: Standby | undefined
  #retryAt = new Map<string, number>()

  constructor(options: WarmStandbyOptions) {
    this.#o = options
  }

  /** The orchestrator kept warm, if any (ready or still connecting). */
  get url(): string | undefined {
    return this.#current?.candidate.url
  }

  /** Whether a standby is connected and can take over now. */
  get ready(): boolean {
    return this.#current?.session.state === 'live'
  }

  /** Whether the standby has sent its priming frames too (the node's pipeline is running). */
  get primed(): boolean {
    return this.ready && this.#current!.primed
  }

  /**
   * Keeps a standby on `candidate` for `spec`: opens one when there is none, replaces one on
   * another orchestrator or with another pipeline shape; none when `candidate` is undefined.
   * @param now the clock in milliseconds (for the retry delay).
   */
  keep(candidate: GatewayCandidate | undefined, spec: WebPipelineSpec, now: number): void {
    const cur = this.#current
    if (cur && (cur.candidate.url !== candidate?.url || cur.shape !== specShape(spec))) this.#drop()
    if (!candidate || this.#current) return
    if (now < (this.#retryAt.get(candidate.url) ?? 0)) return
    this.#open(candidate, spec, now)
  }

  /**
   * Hands the standby on `url` over when it is connected; the caller owns it then (and must
   * {@link promote} it). Leaves a standby on another orchestrator in place.
   */
  take(url: string): WarmSession | undefined {
    const cur = this.#current
    if (!cur || cur.candidate.url !== url || cur.session.state !== 'live') return undefined
    this.#current = undefined
    clearInterval(cur.priming)
    const { session, candidate, spec, prepared } = cur
    return { session, candidate, spec, prepared }
  }

  /** Closes the standby, if any. */
  close(): void {
    this.#drop()
    this.#retryAt.clear()
  }

  #open(candidate: GatewayCandidate, spec: WebPipelineSpec, now: number) {
    const silent = silentTrack()
    const session = new StreamSession({
      url: candidate.url,
      pipeline: spec,
      input: new MediaStream([silent.track]),
      signer: this.#o.signer(),
    })
    const prepared = this.#o.prepare().map((attach) => attach(session, candidate))
    const standby: Standby = {
      session,
      candidate,
      spec,
      prepared,
      shape: specShape(spec),
      silent: silent.track,
      priming: undefined,
      primed: false,
    }
    this.#current = standby
    session.events.on('state', (state) => {
      if (state !== 'live' || standby.priming) return
      let sent = 0
      standby.priming = setInterval(() => {
        if (this.#current !== standby) return clearInterval(standby.priming)
        if (++sent > PRIME_FRAMES) {
          standby.primed = true
          return clearInterval(standby.priming)
        }
        silent.frame()
      }, PRIME_EVERY_MS)
    })
    const fail = () => {
      if (this.#current !== standby) return
      this.#retryAt.set(candidate.url, now + (this.#o.retryMs ?? 5000))
      this.#drop()
    }
    session.events.on('failed', fail)
    session.start().catch(fail)
  }

  #drop() {
    const cur = this.#current
    this.#current = undefined
    if (!cur) return
    clearInterval(cur.priming)
    for (const a of cur.prepared) {
      try {
        a.close()
      } catch {}
    }
    cur.silent.stop()
    void cur.session.close()
  }
}

/**
 * Makes a taken standby serve: its sender switches from the silent track to the camera's (the
 * encoder starts on a keyframe), and the silent track stops.
 * @param warm the standby from {@link WarmStandby.take}.
 * @param input the camera (or canvas) stream.
 */
export async function promote(warm: WarmSession, input: MediaStream): Promise<void> {
  const track = input.getVideoTracks()[0]
  const sender = warm.session.pc.getSenders().find((s) => s.track?.kind === 'video')
  if (!sender || !track) return
  const silent = sender.track
  await sender.replaceTrack(track)
  if (silent && silent !== track) silent.stop()
}
