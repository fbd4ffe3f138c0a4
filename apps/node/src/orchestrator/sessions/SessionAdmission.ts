/**
 * Session admission: which sessions count against `-maxSessions`. An offer is *pending* from its
 * POST until its peer connected (ICE and DTLS) and, when the payments hook paused its output at
 * start, until that gate opened (prepaid); then it is *admitted*. Only admitted sessions count
 * against `maxSessions`, so offers that never connect or never pay cannot fill the node. Pending
 * offers are bounded per remote address and in total; when the total is reached the oldest offer
 * whose peer has not connected is closed to make room, and a session still pending after
 * `admitTimeoutMs` is closed.
 */
import { isIPv6 } from 'node:net'
import { logger } from '../../lib/logger.ts'
import { SessionLimitError, SessionPendingLimitError } from '../errors.ts'
import type { Session } from './Session.ts'

/** Options of {@link SessionAdmission}. */
export type SessionAdmissionOptions = {
  /** Admitted sessions at most. */
  maxSessions: number
  /** Pending offers at most, all addresses together. */
  maxPendingSessions: number
  /** Pending offers at most per remote address. */
  maxPendingPerAddress: number
  /** A session still pending this long after its offer is closed. */
  admitTimeoutMs: number
  /** Called when a session is refused (its code), for metrics. */
  onRefused?: (code: string) => void
}

/** One reserved pending place: attach the session once made, or release it when the offer failed. */
export type PendingSlot = {
  /** Hands the place to the session; `gated` = the payments hook paused its output (awaiting prepayment). */
  attach(session: Session, gated: boolean): void
  /** Gives the place back (the offer failed before a session existed). Idempotent. */
  release(): void
}

/** How long a session refused at admission stays open so that its `error` control event is delivered. */
const REFUSAL_LINGER_MS = 1000

type Pending = { key: string | undefined; session?: Session; since: number; released: boolean }

/**
 * The grouping key of a remote address: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64
 * (one host usually owns a whole /64).
 *
 * @example
 * addressKey('::ffff:127.0.0.2') // '127.0.0.2'
 * addressKey('2001:db8:1:2:3:4:5:6') // '2001:db8:1:2::/64'
 */
export function addressKey(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (v4) return v4[1]!
  if (!isIPv6(ip)) return ip
  const [head = '', tail] = ip.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail === undefined ? [] : tail ? tail.split(':') : []
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

/**
 * Tracks pending and admitted sessions of one orchestrator.
 *
 * @example
 * const slot = admission.reserve(req.ip) // throws SESSION_LIMIT_REACHED / SESSION_PENDING_LIMIT
 * try { session = await make() } catch (e) { slot.release(); throw e }
 * slot.attach(session, session.outputPaused)
 */
export class SessionAdmission {
  readonly #o: SessionAdmissionOptions
  readonly #pending = new Set<Pending>()
  readonly #admitted = new Set<Session>()
  readonly #timers = new Set<NodeJS.Timeout>()

  constructor(options: SessionAdmissionOptions) {
    this.#o = options
  }

  /** Sessions that count against `maxSessions`. */
  get admittedCount(): number {
    return this.#admitted.size
  }

  /** Offers not admitted yet (including those still being negotiated). */
  get pendingCount(): number {
    return this.#pending.size
  }

  /** True when `session` counts against `maxSessions`. */
  isAdmitted(session: Session): boolean {
    return this.#admitted.has(session)
  }

  /**
   * Refuses when `maxSessions` sessions are admitted (SESSION_LIMIT_REACHED, 503) or the address
   * has `maxPendingPerAddress` pending offers (SESSION_PENDING_LIMIT, 429); closes the oldest
   * unconnected pending session when the pending total is reached (SESSION_LIMIT_REACHED when
   * every pending session is connected or still negotiating).
   */
  reserve(remoteAddress: string | undefined): PendingSlot {
    const o = this.#o
    if (this.#admitted.size >= o.maxSessions) return this.#refuse(new SessionLimitError(o.maxSessions))
    const key = remoteAddress === undefined ? undefined : addressKey(remoteAddress)
    if (key !== undefined && [...this.#pending].filter((p) => p.key === key).length >= o.maxPendingPerAddress)
      return this.#refuse(new SessionPendingLimitError(o.maxPendingPerAddress))
    if (this.#pending.size >= o.maxPendingSessions) {
      const oldest = [...this.#pending]
        .filter((p) => p.session && !p.session.connected)
        .sort((a, b) => a.since - b.since)[0]
      if (!oldest) return this.#refuse(new SessionLimitError(o.maxSessions))
      this.#drop(oldest)
      void oldest.session!.close('evicted: the pending offers are full and its peer had not connected')
    }
    const p: Pending = { key, since: Date.now(), released: false }
    this.#pending.add(p)
    return {
      attach: (session, gated) => this.#attach(p, session, gated),
      release: () => this.#drop(p),
    }
  }

  /** Clears the admission timers (the orchestrator closes the sessions). */
  close(): void {
    for (const t of this.#timers) clearTimeout(t)
    this.#timers.clear()
  }

  #refuse(err: SessionLimitError | SessionPendingLimitError): never {
    this.#o.onRefused?.(err.code)
    throw err
  }

  #drop(p: Pending): void {
    p.released = true
    this.#pending.delete(p)
  }

  #attach(p: Pending, session: Session, gatedAtStart: boolean): void {
    p.session = session
    if (session.closed) {
      this.#drop(p) // it ended before its answer went out
      return
    }
    let gated = gatedAtStart
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      if (!p.released)
        void session.close(
          `not admitted within ${this.#o.admitTimeoutMs} ms (${session.connected ? 'awaiting prepayment' : 'peer not connected'})`,
        )
    }, this.#o.admitTimeoutMs)
    this.#timers.add(timer)
    const tryAdmit = () => {
      if (p.released || session.closed || !session.connected || gated) return
      this.#drop(p)
      clearTimeout(timer)
      this.#timers.delete(timer)
      if (this.#admitted.size >= this.#o.maxSessions) {
        const err = new SessionLimitError(this.#o.maxSessions)
        this.#o.onRefused?.(err.code)
        session.setOutputPaused(true, err.code)
        session.sendControlEvent({ v: 1, type: 'error', code: err.code, message: err.shortMessage })
        // a moment for the control message to leave before the peer connection closes
        const linger = setTimeout(() => {
          this.#timers.delete(linger)
          void session.close(`${err.code} when its peer connected`)
        }, REFUSAL_LINGER_MS)
        this.#timers.add(linger)
        return
      }
      this.#admitted.add(session)
      logger.debug(`session ${session.id} admitted (${this.#admitted.size}/${this.#o.maxSessions})`)
    }
    session.on('connected', tryAdmit)
    session.on('outputpaused', (paused) => {
      if (paused) return
      gated = false
      tryAdmit()
    })
    session.once('close', () => {
      clearTimeout(timer)
      this.#timers.delete(timer)
      this.#drop(p)
      this.#admitted.delete(session)
    })
    tryAdmit()
  }
}
