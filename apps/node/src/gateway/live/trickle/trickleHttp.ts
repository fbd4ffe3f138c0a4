/**
 * The HTTP transport of the trickle clients: node:http / node:https requests, because a trickle
 * publisher streams its request body (`ClientRequest` is a writable stream, chunked) and a TLS
 * orchestrator presents a self-signed certificate (`rejectUnauthorized: false`, as go-livepeer's
 * client skips verification). Global fetch would need undici's `Agent` for the latter, which is not a
 * dependency of this package. Each request gets its own connection when asked (`fresh`), as a
 * publisher's retry must.
 */
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

const httpAgent = new HttpAgent({ keepAlive: true })
const httpsAgent = new HttpsAgent({ keepAlive: true, rejectUnauthorized: false })

/** Options of {@link openTrickleRequest}. */
export type TrickleRequestInit = {
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  headers?: Record<string, string>
  /** A new connection instead of a pooled one. Default: false. */
  fresh?: boolean
}

/**
 * Opens a request and sends its headers at once (the body, if any, is written by the caller and
 * ended with `req.end()`). `response` settles with the response headers, or rejects with the
 * socket error.
 * @example
 * const { req, response } = openTrickleRequest({ method: 'GET', url })
 * req.end(); const res = await response
 */
export function openTrickleRequest(init: TrickleRequestInit): {
  req: ClientRequest
  response: Promise<IncomingMessage>
} {
  const url = new URL(init.url)
  const secure = url.protocol === 'https:'
  const agent = init.fresh
    ? secure
      ? new HttpsAgent({ rejectUnauthorized: false })
      : new HttpAgent()
    : secure
      ? httpsAgent
      : httpAgent
  const req = (secure ? httpsRequest : httpRequest)(url, {
    method: init.method,
    headers: init.headers ?? {},
    agent,
  })
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve)
    req.once('error', reject)
  })
  // A pre-connected request may fail before anyone awaits it.
  response.catch(() => {})
  return { req, response }
}

/** Reads a response body to its end. */
export async function readBody(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of res) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/** A response header as one string ('' when absent). */
export function header(res: IncomingMessage, name: string): string {
  const v = res.headers[name.toLowerCase()]
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '')
}
