/**
 * The one error base of Prism. Every failure that crosses a module boundary is a `BaseError`
 * (or a subclass) with a stable string `code` of the form `AREA_PROBLEM`. Codes are listed with
 * cause and fix in docs/errors.md; a test keeps that catalogue and the code in sync.
 */

/** Parameters accepted by {@link BaseError}. */
export type BaseErrorParameters = {
  /** Underlying error (a revert, a werift exception, an ffmpeg exit), kept as `cause`. */
  cause?: unknown
  /** Extra detail appended to the message. Default: the cause's message, if any. */
  details?: string
  /** Lines of context appended to the message (e.g. `sender: 0x…`). */
  metaMessages?: string[]
  /** HTTP status a server should answer with. Default: 400. */
  httpStatus?: number
}

/** Type of every error Prism throws. */
export type BaseErrorType = BaseError & { name: string }

/**
 * Base class of Prism errors.
 *
 * @example
 * class TicketSigInvalidError extends BaseError {
 *   constructor() { super('TICKET_SIG_INVALID', 'invalid ticket signature') }
 * }
 * const err = new TicketSigInvalidError()
 * err.code // 'TICKET_SIG_INVALID'
 */
export class BaseError extends Error {
  /** Stable code, e.g. `TICKET_SIG_INVALID`. Never changes meaning once released. */
  readonly code: string
  /** The message without details and meta lines. */
  readonly shortMessage: string
  /** Extra detail, usually the cause's message. */
  readonly details: string
  /** Context lines. */
  readonly metaMessages: string[]
  /** HTTP status a server answers with for this error. */
  readonly httpStatus: number
  override name = 'BaseError'

  constructor(code: string, shortMessage: string, params: BaseErrorParameters = {}) {
    const details =
      params.details ??
      (params.cause instanceof Error ? params.cause.message : params.cause ? String(params.cause) : '')
    const meta = params.metaMessages ?? []
    const message = [
      shortMessage,
      ...(meta.length ? ['', ...meta] : []),
      ...(details ? ['', `Details: ${details}`] : []),
    ].join('\n')
    super(message, params.cause === undefined ? undefined : { cause: params.cause })
    this.code = code
    this.shortMessage = shortMessage
    this.details = details
    this.metaMessages = meta
    this.httpStatus = params.httpStatus ?? 400
  }

  /**
   * Walks the cause chain and returns the deepest error, or the first for which `fn` returns true.
   *
   * @example
   * err.walk((e) => e instanceof RpcError)
   */
  walk(fn?: (err: unknown) => boolean): unknown {
    let current: unknown = this
    while (current) {
      if (fn?.(current)) return current
      const next: unknown = current instanceof Error ? current.cause : undefined
      if (!next) return fn ? null : current
      current = next
    }
    return fn ? null : current
  }

  /** JSON shape used on the wire: `{ code, message }`. */
  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.shortMessage }
  }
}

/** True when `err` is a Prism error (also across realms/bundles, by duck typing on `code`). */
export function isBaseError(err: unknown): err is BaseError {
  return (
    err instanceof BaseError ||
    (err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && 'shortMessage' in err)
  )
}
