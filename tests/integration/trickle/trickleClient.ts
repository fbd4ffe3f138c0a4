/**
 * A minimal trickle client for the tests, written from the protocol alone with node:http: one
 * request per call (no connection reuse), streamed request bodies, responses read whole or as they
 * stream.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'

/** An answer read whole. */
export type Answer = { status: number; headers: IncomingHttpHeaders; body: Buffer; text: string }

/** Reads a response to its end. */
export async function readAll(res: IncomingMessage): Promise<Answer> {
  const chunks: Buffer[] = []
  for await (const c of res) chunks.push(c as Buffer)
  const body = Buffer.concat(chunks)
  return { status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') }
}

/** A request whose body the caller streams; `response` resolves with the answer's head. */
export function open(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): {
  write(chunk: string | Buffer): void
  end(chunk?: string | Buffer): void
  response: Promise<IncomingMessage>
  interim: number[]
  abort(): void
} {
  const url = new URL(path, base)
  const interim: number[] = []
  const req = httpRequest(url, { method, headers, agent: false })
  req.on('information', (info) => interim.push(info.statusCode))
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve)
    req.on('error', reject)
  })
  req.flushHeaders()
  return {
    write: (c) => void req.write(c),
    end: (c) => void (c === undefined ? req.end() : req.end(c)),
    response,
    interim,
    abort: () => req.destroy(),
  }
}

/** One request with an optional whole body, read to its end. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const r = open(base, method, path, headers)
  r.end(body)
  return readAll(await r.response)
}
