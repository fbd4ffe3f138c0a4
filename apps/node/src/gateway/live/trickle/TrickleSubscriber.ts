/**
 * A trickle subscriber as Livepeer's clients behave: it starts at `-1` (the live edge) unless told
 * otherwise, reads `Lp-Trickle-Seq` from each response and pre-connects `seq+1` while the caller
 * reads the current body. A GET without response headers after 20 s is cancelled and issued again;
 * 470 jumps to `Lp-Trickle-Latest`; `Lp-Trickle-Closed` is the end of the stream; 404 is "stream not
 * found"; more than 5 consecutive failures is an error.
 */
import type { ClientRequest, IncomingMessage } from 'node:http'
import { TrickleRequestError, TrickleStreamNotFoundError } from './errors.ts'
import { header, openTrickleRequest, readBody } from './trickleHttp.ts'

/** Options of {@link TrickleSubscriber}. */
export type TrickleSubscriberOptions = {
  /** The channel URL (`…/ai/trickle/<name>-out`). */
  url: string
  /** First index. Default: -1 (the next segment written). */
  start?: number
  /** Cancel and re-issue a GET without response headers after this long, ms. Default: 20000. */
  headerTimeoutMs?: number
  /** Consecutive failures tolerated. Default: 5 (the 6th is an error). */
  maxFailures?: number
  /** Pause after a failure, ms. Default: 200. */
  retryDelayMs?: number
}

/** One segment being received. */
export type TrickleSegment = {
  seq: number
  /** The channel MIME the server sent. */
  contentType: string
  /** The body, streamed as the publisher writes it. */
  body: IncomingMessage
}

type Pending = { index: number; req: ClientRequest; response: Promise<IncomingMessage> }

/**
 * Reads the segments of one trickle channel in order.
 * @example
 * const sub = new TrickleSubscriber({ url: res.subscribe_url })
 * for (let seg = await sub.next(); seg; seg = await sub.next()) handle(await readBody(seg.body))
 */
export class TrickleSubscriber {
  private readonly url: string
  private readonly headerTimeoutMs: number
  private readonly maxFailures: number
  private readonly retryDelayMs: number
  private index: number
  private pending: Pending | null = null
  private closed = false

  constructor(options: TrickleSubscriberOptions) {
    this.url = options.url.replace(/\/+$/, '')
    this.index = options.start ?? -1
    this.headerTimeoutMs = options.headerTimeoutMs ?? 20_000
    this.maxFailures = options.maxFailures ?? 5
    this.retryDelayMs = options.retryDelayMs ?? 200
  }

  /**
   * The next segment, or null at the end of the stream (`Lp-Trickle-Closed`, or after `close()`).
   * A segment the server closed without data has an empty body.
   * @throws TrickleStreamNotFoundError (`GATEWAY_TRICKLE_NOT_FOUND`) on 404,
   *   TrickleRequestError (`GATEWAY_TRICKLE_FAILED`) after more than `maxFailures` consecutive failures.
   */
  async next(): Promise<TrickleSegment | null> {
    let failures = 0
    while (!this.closed) {
      const p = this.pending?.index === this.index ? this.pending : this.open(this.index)
      this.pending = null
      const url = `${this.url}/${p.index}`
      let res: IncomingMessage | 'timeout'
      try {
        res = await this.withHeaderTimeout(p)
      } catch (err) {
        if (this.closed) return null
        if (++failures > this.maxFailures) throw new TrickleRequestError(url, 0, (err as Error).message, err)
        await delay(this.retryDelayMs)
        continue
      }
      if (res === 'timeout') continue
      const status = res.statusCode ?? 0
      if (status === 404) {
        res.resume()
        throw new TrickleStreamNotFoundError(url)
      }
      if (header(res, 'lp-trickle-closed')) {
        res.resume()
        this.closed = true
        return null
      }
      if (status === 470) {
        res.resume()
        const latest = Number.parseInt(header(res, 'lp-trickle-latest'), 10)
        this.index = Number.isFinite(latest) ? latest : -1
        continue
      }
      if (status >= 400) {
        const text = (await readBody(res).catch(() => Buffer.alloc(0))).toString()
        if (++failures > this.maxFailures) throw new TrickleRequestError(url, status, text)
        await delay(this.retryDelayMs)
        continue
      }
      const seq = Number.parseInt(header(res, 'lp-trickle-seq'), 10)
      const current = Number.isFinite(seq) ? seq : p.index
      this.index = current + 1
      this.pending = this.open(this.index)
      return { seq: current, contentType: header(res, 'content-type'), body: res }
    }
    return null
  }

  /** Stops reading: the pending request is cancelled and `next()` answers null. */
  close(): void {
    this.closed = true
    this.pending?.req.destroy()
    this.pending = null
  }

  private open(index: number): Pending {
    const { req, response } = openTrickleRequest({ method: 'GET', url: `${this.url}/${index}` })
    req.end()
    return { index, req, response }
  }

  private async withHeaderTimeout(p: Pending): Promise<IncomingMessage | 'timeout'> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.headerTimeoutMs)
    })
    try {
      const r = await Promise.race([p.response, timeout])
      if (r === 'timeout') p.req.destroy()
      return r
    } finally {
      clearTimeout(timer)
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
