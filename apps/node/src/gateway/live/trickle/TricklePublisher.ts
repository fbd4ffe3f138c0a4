/**
 * A trickle publisher as Livepeer's clients behave: it always holds a pre-connected `POST
 * {url}/{n}` whose streaming body has no bytes yet, writes the next segment into it, ends the body
 * and pre-connects `n+1`. A failed segment is retried once on a fresh connection. 404 is "stream not
 * found", a response with `Lp-Trickle-Closed` ends the stream, `close()` is `DELETE {url}`.
 */
import type { ClientRequest, IncomingMessage } from 'node:http'
import { TrickleClosedError, TrickleRequestError, TrickleStreamNotFoundError } from './errors.ts'
import { header, openTrickleRequest, readBody } from './trickleHttp.ts'

/** Options of {@link TricklePublisher}. */
export type TricklePublisherOptions = {
  /** The channel URL (`…/ai/trickle/<name>`). */
  url: string
  /** `Content-Type` of the segments. Default: `video/MP2T` (what go-livepeer sends on every channel). */
  contentType?: string
  /** First index. Default: 0. */
  start?: number
}

type Pending = { index: number; req: ClientRequest; response: Promise<IncomingMessage> }

/**
 * Publishes segments to one trickle channel.
 * @example
 * const pub = new TricklePublisher({ url: res.publish_url })
 * await pub.write(segmentBytes)
 * await pub.close()
 */
export class TricklePublisher {
  private readonly url: string
  private readonly contentType: string
  private index: number
  private pending: Pending | null = null
  private ended = false
  private chain: Promise<unknown> = Promise.resolve()

  constructor(options: TricklePublisherOptions) {
    this.url = options.url.replace(/\/+$/, '')
    this.contentType = options.contentType ?? 'video/MP2T'
    this.index = options.start ?? 0
    this.pending = this.preconnect(this.index, false)
  }

  /** Index the next write goes to. */
  get nextIndex(): number {
    return this.index
  }

  /**
   * Writes one segment (writes are serialized in call order).
   * @throws TrickleStreamNotFoundError (`GATEWAY_TRICKLE_NOT_FOUND`) on 404,
   *   TrickleClosedError (`GATEWAY_TRICKLE_CLOSED`) once the server reports the channel closed,
   *   TrickleRequestError (`GATEWAY_TRICKLE_FAILED`) when the segment fails twice.
   */
  write(segment: Uint8Array): Promise<void> {
    const run = this.chain.then(() => this.writeNow(segment))
    this.chain = run.catch(() => {})
    return run
  }

  /** Ends the channel: `DELETE {url}` (errors ignored, the server may already be gone). */
  async close(): Promise<void> {
    if (this.ended) return
    this.ended = true
    this.pending?.req.destroy()
    this.pending = null
    const { req, response } = openTrickleRequest({ method: 'DELETE', url: this.url })
    req.end()
    try {
      await readBody(await response)
    } catch {}
  }

  private preconnect(index: number, fresh: boolean): Pending {
    const { req, response } = openTrickleRequest({
      method: 'POST',
      url: `${this.url}/${index}`,
      headers: { 'content-type': this.contentType, 'transfer-encoding': 'chunked' },
      fresh,
    })
    req.flushHeaders()
    return { index, req, response }
  }

  private async writeNow(segment: Uint8Array): Promise<void> {
    if (this.ended) throw new TrickleClosedError(this.url)
    const index = this.index
    let lastError: unknown
    for (let attempt = 0; attempt < 2; attempt++) {
      const p =
        attempt === 0 && this.pending?.index === index ? this.pending : this.preconnect(index, attempt > 0)
      this.pending = null
      try {
        await this.send(p, segment)
        this.index = index + 1
        if (!this.ended) this.pending = this.preconnect(this.index, false)
        return
      } catch (err) {
        if (err instanceof TrickleStreamNotFoundError || err instanceof TrickleClosedError) {
          this.ended = true
          throw err
        }
        lastError = err
      }
    }
    // Skip the failed index so that the stream goes on.
    this.index = index + 1
    if (!this.ended) this.pending = this.preconnect(this.index, true)
    throw lastError
  }

  private async send(p: Pending, segment: Uint8Array): Promise<void> {
    const url = `${this.url}/${p.index}`
    if (!p.req.destroyed && !p.req.writableEnded) p.req.end(Buffer.from(segment))
    let res: IncomingMessage
    try {
      res = await p.response
    } catch (err) {
      throw new TrickleRequestError(url, 0, (err as Error).message, err)
    }
    const body = await readBody(res).catch(() => Buffer.alloc(0))
    if (res.statusCode === 404) throw new TrickleStreamNotFoundError(url)
    if (header(res, 'lp-trickle-closed')) throw new TrickleClosedError(url)
    if ((res.statusCode ?? 0) >= 400) throw new TrickleRequestError(url, res.statusCode ?? 0, body.toString())
  }
}
