/**
 * The trickle protocol over HTTP at `/ai/trickle/` (docs/live-ai.md): segments of a channel are
 * published with streamed request bodies and relayed live to subscribers with streamed responses.
 * Bodies are never buffered by fastify: the routes read and write the raw request and response.
 *
 * | Request | Answer |
 * |---|---|
 * | `POST {name}` | 200 for an existing channel; 404 `Stream not found` (channels are only made by their session) |
 * | `POST {name}/{idx}` | publish segment idx (`-1` = next write); 200 `Lp-Trickle-Seq` at the end of the body |
 * | `GET {name}/{idx}` | the segment, streamed (`-1` live edge, `-2` being written); 470 `Entry not found` when gone |
 * | `GET {name}/next` | the next write index (body and `Lp-Trickle-Latest`) |
 * | `DELETE {name}/{idx}` | closes one segment; 400 `Invalid idx` / `Nonexistent segment` |
 * | `DELETE {name}` | closes and removes the channel; 400 when unknown |
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TrickleChannel } from '../../trickle/TrickleChannel.ts'
import type { TrickleServer } from '../../trickle/TrickleServer.ts'

/** Base path of the trickle routes. */
export const TRICKLE_BASE_PATH = '/ai/trickle/'

/** Options of {@link tricklePlugin}. */
export type TricklePluginOptions = { server: TrickleServer }

type RawReq = IncomingMessage | Http2ServerRequest
type RawRes = ServerResponse | Http2ServerResponse
type Params = { name: string; idx?: string }

const CLOSED = { 'Lp-Trickle-Closed': 'terminated' }

function isHttp2(req: RawReq): req is Http2ServerRequest {
  return 'stream' in req && Boolean((req as Http2ServerRequest).stream)
}

/** `Connection: close` where the protocol has it (HTTP/1.1 only). */
function connectionClose(req: RawReq): OutgoingHttpHeaders {
  return isHttp2(req) ? {} : { Connection: 'close' }
}

function send(res: RawRes, status: number, headers: OutgoingHttpHeaders, text = ''): void {
  if (res.headersSent || res.writableEnded) return
  const body = text ? `${text}\n` : ''
  ;(res as ServerResponse).writeHead(status, {
    ...headers,
    ...(body ? { 'Content-Type': 'text/plain; charset=utf-8' } : {}),
  })
  res.end(body)
}

function parseIdx(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d{1,15}$/.test(text) ? Number(text) : undefined
}

/** `POST {name}/{idx}`: streams the body into the segment. */
function publish(server: TrickleServer, ch: TrickleChannel, idx: number, req: RawReq, res: RawRes): void {
  if (req.headers['lp-trickle-reset'] !== undefined) ch.resetBelow(idx)
  const at = ch.resolve(idx)
  const seg = ch.forWrite(at)
  let gotByte = false
  let answered = false
  const seq = { 'Lp-Trickle-Seq': String(at) }
  const cont = setTimeout(() => {
    if (!gotByte && !answered) (res as ServerResponse).writeContinue()
  }, server.continueAfterMs)
  const finish = (status: number, headers: OutgoingHttpHeaders, text = '') => {
    if (answered) return
    answered = true
    clearTimeout(cont)
    unsubscribe()
    send(res, status, headers, text)
  }
  // the segment closed by someone else (DELETE, reset, the channel closing): answer and stop reading
  const unsubscribe = seg.subscribe({
    data() {},
    end() {
      if (answered) return
      finish(200, { ...seq, ...connectionClose(req), ...(ch.closed ? CLOSED : {}) })
      // drop what the client still sends (HTTP/1.1 closes the connection after the answer)
      req.removeAllListeners('data')
      req.resume()
    },
  })
  req.on('data', (chunk: Buffer) => {
    if (answered) return
    if (!gotByte) {
      gotByte = true
      ch.wrote(at, server.now())
    }
    seg.write(chunk)
  })
  req.on('end', () => {
    if (answered) return
    finish(200, seq)
    seg.close()
  })
  const failed = () => {
    if (answered) return
    finish(500, {}, 'Server error')
    seg.close()
  }
  req.on('error', failed)
  req.on('aborted', failed)
  res.on('close', () => clearTimeout(cont))
}

/** `GET {name}/{idx}`: streams the segment out as it arrives. */
function subscribe(ch: TrickleChannel, idx: number, res: RawRes): void {
  const at = ch.resolve(idx)
  const seg = ch.forRead(at)
  if (!seg) {
    if (ch.closed) send(res, 200, { ...CLOSED, 'Lp-Trickle-Seq': String(at) }, 'Entry not found')
    else
      send(
        res,
        470,
        { 'Lp-Trickle-Latest': String(ch.nextWrite), 'Lp-Trickle-Seq': String(at) },
        'Entry not found',
      )
    return
  }
  let started = false
  const unsubscribe = seg.subscribe({
    data(chunk) {
      if (!started) {
        started = true
        ;(res as ServerResponse).writeHead(200, {
          'Lp-Trickle-Seq': String(at),
          'Content-Type': ch.mime,
          ...(at !== ch.nextWrite - 1 ? { 'Lp-Trickle-Latest': String(ch.nextWrite) } : {}),
        })
      }
      ;(res as ServerResponse).write(chunk)
    },
    end() {
      if (!started)
        send(res, 200, {
          'Lp-Trickle-Seq': String(at),
          'Lp-Trickle-Latest': String(ch.nextWrite),
          ...(ch.closed ? CLOSED : {}),
        })
      else res.end()
    },
  })
  res.on('close', unsubscribe)
}

/**
 * Registers the trickle routes (in their own context: a content-type parser that leaves bodies
 * unread, for the routes to stream).
 *
 * @example
 * const trickle = new TrickleServer()
 * await buildServer({ orchestrator, plugins: [(app) => tricklePlugin(app, { server: trickle })] })
 */
export function tricklePlugin(app: FastifyInstance, opts: TricklePluginOptions): void {
  const { server } = opts
  app.register(async (child) => {
    child.addContentTypeParser('*', (_req: FastifyRequest, _payload: IncomingMessage, done) => done(null))
    child.addHook('onClose', async () => server.close())
    const base = TRICKLE_BASE_PATH.slice(0, -1)
    const raw = (reply: FastifyReply): RawRes => {
      reply.hijack()
      return reply.raw as RawRes
    }

    child.post(`${base}/:name`, async (req, reply) => {
      const res = raw(reply)
      const ch = server.get((req.params as Params).name)
      if (!ch) return send(res, 404, connectionClose(req.raw), 'Stream not found')
      send(res, 200, {})
    })
    child.delete(`${base}/:name`, async (req, reply) => {
      const res = raw(reply)
      if (!server.delete((req.params as Params).name)) return send(res, 400, {}, 'Stream not found')
      send(res, 200, {})
    })
    child.post(`${base}/:name/:idx`, async (req, reply) => {
      const res = raw(reply)
      const p = req.params as Params
      const ch = server.get(p.name)
      if (!ch) {
        req.raw.resume()
        return send(res, 404, connectionClose(req.raw), 'Stream not found')
      }
      const idx = parseIdx(p.idx)
      if (idx === undefined) {
        req.raw.resume()
        return send(res, 400, connectionClose(req.raw), 'Invalid idx')
      }
      publish(server, ch, idx, req.raw, res)
    })
    child.get(`${base}/:name/:idx`, async (req, reply) => {
      const res = raw(reply)
      const p = req.params as Params
      const ch = server.get(p.name)
      if (!ch) return send(res, 404, {}, 'Stream not found')
      if (p.idx === 'next') {
        const next = String(ch.nextWrite)
        ;(res as ServerResponse).writeHead(200, {
          'Lp-Trickle-Latest': next,
          'Content-Type': 'text/plain',
          ...(ch.closed ? CLOSED : {}),
        })
        return void res.end(next)
      }
      const idx = parseIdx(p.idx)
      if (idx === undefined) return send(res, 400, {}, 'Invalid idx')
      subscribe(ch, idx, res)
    })
    child.delete(`${base}/:name/:idx`, async (req, reply) => {
      const res = raw(reply)
      const p = req.params as Params
      const ch = server.get(p.name)
      if (!ch) return send(res, 404, {}, 'Stream not found')
      const idx = parseIdx(p.idx)
      if (idx === undefined) return send(res, 400, {}, 'Invalid idx')
      const seg = ch.get(ch.resolve(idx))
      if (!seg) return send(res, 400, {}, 'Nonexistent segment')
      seg.close()
      send(res, 200, {})
    })
  })
}
