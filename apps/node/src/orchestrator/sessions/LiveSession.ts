/**
 * One live AI session (live-video-to-video over trickle, docs/live-ai.md): it owns its four
 * channels — `<mid>` (input MPEG-TS), `<mid>-out` (output MPEG-TS), `<mid>-control` and
 * `<mid>-events` (JSON) — its runner, and (priced sessions) its payment clock: every payment
 * interval, on a segment arriving on `<mid>`, 1280×720×30 pixels per second of wall time are
 * debited from (sender, mid) at the session's price; a balance that cannot cover them closes the
 * session with `insufficient balance, mid=…, fee=…, balance=…`. Closing the session closes and
 * removes its channels.
 */
import {
  LIVE_PAYMENT_INTERVAL_SECONDS,
  livePixels,
  type PriceInfo,
  type Rational,
  ratCompare,
  ratFloor,
  rational,
  ratMul,
} from '@prism/protocol'
import { EnhancedEventEmitter } from '../../lib/EnhancedEventEmitter.ts'
import { logger } from '../../lib/logger.ts'
import { publishSegment } from '../trickle/localTrickle.ts'
import type { TrickleChannel } from '../trickle/TrickleChannel.ts'
import type { TrickleServer } from '../trickle/TrickleServer.ts'

/** MIME of the video channels. */
export const LIVE_VIDEO_MIME = 'video/MP2T'
/** MIME of the control and events channels. */
export const LIVE_JSON_MIME = 'application/json'

/** The ledger calls the payment clock needs (the PaymentManager's BalanceLedger). */
export type LiveLedger = {
  account(sender: string, sessionId: string): { price: PriceInfo | undefined }
  balance(sender: string, sessionId: string): Rational
  debitPixels(sender: string, sessionId: string, pixels: bigint): Rational
}

/** The channels a runner works with. */
export type LiveChannels = {
  input: TrickleChannel
  output: TrickleChannel
  control: TrickleChannel
  events: TrickleChannel
}

/** A started runner; closed with its session. */
export type LiveRunner = { close(): Promise<void> }

/** Starts the runner of a session (subscribes `<mid>`, publishes `<mid>-out`). */
export type LiveRunnerFactory = (session: LiveSession) => Promise<LiveRunner>

/** Options of {@link LiveSession}. */
export type LiveSessionOptions = {
  /** The manifest id (8 hex characters). */
  mid: string
  /** The model (an `ai` model id, e.g. `builtin:toon`). */
  modelId: string
  /** Initial pipeline parameters (the request's `params`). */
  params: Record<string, unknown>
  /** Payment.sender of the start request. */
  sender: string
  trickle: TrickleServer
  /** Present when the session is priced: the payment clock debits it. */
  ledger?: LiveLedger
  /** Payment interval. Default: 5 s. */
  paymentIntervalMs?: number
  /** Clock. Default: Date.now. */
  now?: () => number
}

/** Events of {@link LiveSession}. */
export type LiveSessionEvents = {
  /** The session closed (its channels are gone); `reason` is empty for a normal end. */
  closed: [reason: string]
}

/** One live AI session. */
export class LiveSession extends EnhancedEventEmitter<LiveSessionEvents> {
  /** The manifest id. */
  readonly mid: string
  /** The model id. */
  readonly modelId: string
  /** The initial parameters. */
  readonly params: Record<string, unknown>
  /** Payment.sender of the start request. */
  readonly sender: string
  /** The four channels. */
  readonly channels: LiveChannels
  readonly #o: LiveSessionOptions
  readonly #now: () => number
  #lastBilled: number
  #runner: LiveRunner | undefined
  #closeReason: string | undefined

  /** Creates the four channels on the trickle server and starts the payment clock. */
  constructor(o: LiveSessionOptions) {
    super()
    this.#o = o
    this.mid = o.mid
    this.modelId = o.modelId
    this.params = o.params
    this.sender = o.sender
    this.#now = o.now ?? Date.now
    this.#lastBilled = this.#now()
    const t = o.trickle
    this.channels = {
      input: t.create(o.mid, LIVE_VIDEO_MIME),
      output: t.create(`${o.mid}-out`, LIVE_VIDEO_MIME),
      control: t.create(`${o.mid}-control`, LIVE_JSON_MIME),
      events: t.create(`${o.mid}-events`, LIVE_JSON_MIME),
    }
    // the input clocks the payments and keeps the four channels from the idle sweep; the end of
    // any of them (DELETE, sweep) ends the session
    this.channels.input.onWrite(() => {
      const t = this.#now()
      for (const ch of Object.values(this.channels)) ch.lastWriteAt = t
      this.#bill()
    })
    for (const ch of Object.values(this.channels)) ch.onClose(() => void this.close('channel closed'))
  }

  /** Why the session closed (undefined while open). */
  get closeReason(): string | undefined {
    return this.#closeReason
  }

  /** `true` once closed. */
  get closed(): boolean {
    return this.#closeReason !== undefined
  }

  /** Starts the runner; a failure closes the session and is rethrown. */
  async start(factory: LiveRunnerFactory | undefined): Promise<void> {
    if (!factory) return
    try {
      this.#runner = await factory(this)
    } catch (err) {
      await this.close(`runner failed: ${err instanceof Error ? err.message : String(err)}`)
      throw err
    }
    if (this.closed) await this.#runner.close()
  }

  /** Publishes one JSON document on `<mid>-events`. */
  publishEvent(event: unknown): void {
    publishSegment(this.channels.events, new TextEncoder().encode(JSON.stringify(event)), this.#now())
  }

  #bill(): void {
    const ledger = this.#o.ledger
    if (!ledger || this.closed) return
    const t = this.#now()
    const elapsed = t - this.#lastBilled
    if (elapsed < (this.#o.paymentIntervalMs ?? LIVE_PAYMENT_INTERVAL_SECONDS * 1000)) return
    this.#lastBilled = t
    const price = ledger.account(this.sender, this.mid).price
    if (!price || price.pricePerUnit === 0n) return
    const units = livePixels(elapsed)
    const fee = ratMul(rational(units), rational(price.pricePerUnit, price.pixelsPerUnit))
    const balance = ledger.balance(this.sender, this.mid)
    if (ratCompare(balance, fee) < 0) {
      const reason = `insufficient balance, mid=${this.mid}, fee=${ratFloor(fee)}, balance=${ratFloor(balance)}`
      this.publishEvent({ type: 'error', message: reason })
      void this.close(reason)
      return
    }
    ledger.debitPixels(this.sender, this.mid, units)
  }

  /** Closes and removes the four channels and stops the runner. Idempotent. */
  async close(reason = ''): Promise<void> {
    if (this.closed) return
    this.#closeReason = reason
    if (reason && reason !== 'channel closed') logger.info(`live session ${this.mid} closed: ${reason}`)
    const t = this.#o.trickle
    for (const ch of Object.values(this.channels)) t.delete(ch.name)
    await this.#runner?.close().catch((err: unknown) => logger.warn(`live runner ${this.mid} close`, err))
    this.safeEmit('closed', reason)
  }
}
