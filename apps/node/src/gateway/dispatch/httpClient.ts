/**
 * The gateway's HTTP client to orchestrators, configured as go-livepeer's: TLS without
 * certificate verification (self-signed orchestrator certificates), keep-alive connections, no
 * client-wide timeout (each request sets its own deadlines). One request function with a deadline
 * for the response headers and one for the whole exchange, and a capped body reader.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { HttpRequestError } from '../errors.ts'

const httpAgent = new HttpAgent({ keepAlive: true, timeout: 60_000 })
const httpsAgent = new HttpsAgent({ keepAlive: true, timeout: 60_000, rejectUnauthorized: false })

/** A request to send. */
export type HttpCall = {
  method: 'GET' | 'POST'
  url: string
  headers?: Record<string, string>
  body?: Uint8Array
  /** Until the response headers arrive (the upload phase), ms. */
  headerTimeoutMs: number
  /** Until the response body is read, ms. */
  totalTimeoutMs: number
  /** Largest response body read. */
  maxBodyBytes: number
}

/** A response read to its end. */
export type HttpAnswer = { status: number; headers: IncomingMessage['headers']; body: Buffer }

/**
 * Sends a request and reads its response.
 * @throws HttpRequestError (`GATEWAY_HTTP_FAILED`): `header timeout` / `body timeout` past the deadlines, `body too large`
 *   past `maxBodyBytes`, or the socket error (its code as reason).
 * @example
 * const res = await httpCall({ method: 'GET', url, headerTimeoutMs: 4000, totalTimeoutMs: 4000, maxBodyBytes: 3e8 })
 */
export function httpCall(call: HttpCall): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(call.url)
    const secure = url.protocol === 'https:'
    const headers: Record<string, string | number> = { ...call.headers }
    if (call.body) headers['content-length'] = call.body.byteLength
    const req = (secure ? httpsRequest : httpRequest)(url, {
      method: call.method,
      headers,
      agent: secure ? httpsAgent : httpAgent,
    })
    let phase: 'header' | 'body' = 'header'
    let done = false
    const fail = (err: HttpRequestError) => {
      if (done) return
      done = true
      clearTimeout(headerTimer)
      clearTimeout(totalTimer)
      req.destroy()
      reject(err)
    }
    const headerTimer = setTimeout(
      () =>
        fail(
          new HttpRequestError(
            'header timeout',
            `no response from ${url.origin} in ${call.headerTimeoutMs} ms`,
          ),
        ),
      call.headerTimeoutMs,
    )
    const totalTimer = setTimeout(
      () =>
        fail(new HttpRequestError(`${phase} timeout`, `${url.origin} took over ${call.totalTimeoutMs} ms`)),
      call.totalTimeoutMs,
    )
    req.on('error', (err: NodeJS.ErrnoException) =>
      fail(new HttpRequestError(err.code ?? 'error', err.message, err)),
    )
    req.on('response', (res) => {
      phase = 'body'
      clearTimeout(headerTimer)
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > call.maxBodyBytes)
          return fail(new HttpRequestError('body too large', `response over ${call.maxBodyBytes} bytes`))
        chunks.push(c)
      })
      res.on('error', (err) => fail(new HttpRequestError('body timeout', err.message, err)))
      res.on('aborted', () => fail(new HttpRequestError('body timeout', 'unexpected EOF')))
      res.on('end', () => {
        if (done) return
        done = true
        clearTimeout(totalTimer)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, size) })
      })
    })
    req.end(call.body ? Buffer.from(call.body.buffer, call.body.byteOffset, call.body.byteLength) : undefined)
  })
}
