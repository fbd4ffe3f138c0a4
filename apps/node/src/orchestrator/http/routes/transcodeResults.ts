/**
 * `POST /transcodeResults`: a remote transcoder posts one task's result, as go-livepeer's
 * transcoders do (docs/transcoder.md). Headers: `Authorization: Livepeer-Transcoder-1.0`,
 * `Credentials: <orchSecret>`, `TaskId`, `Pixels` (decoded input pixels), and a `Content-Type` of
 * `multipart/mixed; boundary=…` (one part per rendition in profile order with its own `Pixels`,
 * optionally followed by an `application/octet-stream` perceptual hash part) or
 * `livepeer/transcoding-error` (the body is the error text).
 *
 * Answers as go-livepeer's orchestrator, in this order: 401 `Unauthorized` (wrong Authorization or
 * secret), 415 (unparsable Content-Type), 400 `Invalid Task ID`, 400 `Invalid Pixels`, 500 with the
 * text of a multipart error, else 200 `OK` (also for an unknown task or another content type).
 */
import { isBaseError } from '@prism/protocol'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TranscoderRegistry } from '../../compute/TranscoderRegistry.ts'
import type { RemoteTaskResult } from '../../compute/TranscoderRegistryTypes.ts'
import { parseMultipartMixed } from './multipartMixed.ts'

/** The `Authorization` value of go-livepeer's transcoders. */
export const TRANSCODER_AUTH = 'Livepeer-Transcoder-1.0'
/** Content type of a failed task's result. */
export const TRANSCODING_ERROR_MIME = 'livepeer/transcoding-error'

/** Options of {@link transcodeResultsRoute}. */
export type TranscodeResultsOptions = {
  registry: TranscoderRegistry
  /** Largest result body. Default: 1 GiB (go-livepeer caps each part at 300 MB). */
  maxResultBytes?: number
}

type Checked = { mediaType: string; params: Record<string, string>; taskId: bigint }

function header(req: FastifyRequest, name: string): string {
  const v = req.headers[name]
  return (Array.isArray(v) ? v[0] : v) ?? ''
}

/** go's http.Error: the text and a newline, as text/plain. */
function httpError(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.status(status).type('text/plain; charset=utf-8').send(`${text}\n`)
}

const INT64 = /^[+-]?\d+$/
const MAX_I64 = 2n ** 63n - 1n

/** go's strconv.ParseInt(s, 10, 64); undefined on failure. */
export function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined
  const n = BigInt(s)
  return n > MAX_I64 || n < -MAX_I64 - 1n ? undefined : n
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Parses a Content-Type value as go's mime.ParseMediaType: `type/subtype` tokens (lower-cased)
 * and `; name=value` parameters (token or quoted string); undefined when malformed or empty.
 */
export function parseMediaType(v: string): { mediaType: string; params: Record<string, string> } | undefined {
  const [head = '', ...rest] = splitParams(v)
  const mediaType = head.trim().toLowerCase()
  const [type, sub, extra] = mediaType.split('/')
  if (!type || !TOKEN.test(type) || (sub !== undefined && !TOKEN.test(sub)) || extra !== undefined)
    return undefined
  const params: Record<string, string> = {}
  for (const p of rest) {
    if (!p.trim()) continue
    const eq = p.indexOf('=')
    if (eq <= 0) return undefined
    const name = p.slice(0, eq).trim().toLowerCase()
    let value = p.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1).replace(/\\(.)/g, '$1')
    else if (!TOKEN.test(value)) return undefined
    if (!TOKEN.test(name) || name in params) return undefined
    params[name] = value
  }
  return { mediaType, params }
}

/** Splits on `;` outside quoted strings. */
function splitParams(v: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!
    if (quoted && c === '\\') {
      cur += c + (v[i + 1] ?? '')
      i++
      continue
    }
    if (c === '"') quoted = !quoted
    if (c === ';' && !quoted) {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out
}

/** The renditions of a multipart result (parts with `Pixels`; octet-stream parts are hashes). */
function renditionsOf(body: Buffer, boundary: string): RemoteTaskResult {
  const renditions: { data: Uint8Array; pixels: number; perceptualHash?: Uint8Array }[] = []
  for (const part of parseMultipartMixed(body, boundary)) {
    const pixels = part.headers.pixels
    if (pixels !== undefined) {
      const n = parseInt64(pixels)
      if (n === undefined) return { error: `strconv.ParseInt: parsing "${pixels}": invalid syntax` }
      renditions.push({ data: part.body, pixels: Number(n) })
    } else if (parseMediaType(part.headers['content-type'] ?? '')?.mediaType === 'application/octet-stream') {
      const last = renditions.at(-1)
      if (last) last.perceptualHash = part.body
    }
  }
  return { renditions, decodedPixels: 0 }
}

/**
 * Registers `POST /transcodeResults` in its own context (its body parser reads any content type
 * as bytes). Only on an orchestrator with `-orchSecret`.
 *
 * @example
 * await app.register(transcodeResultsRoute, { registry })
 */
export async function transcodeResultsRoute(
  app: FastifyInstance,
  opts: TranscodeResultsOptions,
): Promise<void> {
  const { registry } = opts
  const bodyLimit = opts.maxResultBytes ?? 1024 * 1024 * 1024
  const checked = new WeakMap<FastifyRequest, Checked>()
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body))
  app.post(
    '/transcodeResults',
    {
      bodyLimit,
      // Everything the headers decide is answered before a body byte is read.
      onRequest: async (req, reply) => {
        if (header(req, 'authorization') !== TRANSCODER_AUTH) return httpError(reply, 401, 'Unauthorized')
        try {
          registry.checkSecret(header(req, 'credentials'))
        } catch {
          return httpError(reply, 401, 'Unauthorized')
        }
        const type = parseMediaType(header(req, 'content-type'))
        if (!type) return httpError(reply, 415, 'mime: no media type')
        const taskId = parseInt64(header(req, 'taskid'))
        if (taskId === undefined) return httpError(reply, 400, 'Invalid Task ID')
        if (parseInt64(header(req, 'pixels')) === undefined) return httpError(reply, 400, 'Invalid Pixels')
        checked.set(req, { ...type, taskId })
      },
    },
    async (req, reply) => {
      const c = checked.get(req)
      if (!c) return httpError(reply, 400, 'Invalid Task ID')
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      const decodedPixels = Number(parseInt64(header(req, 'pixels')) ?? 0n)
      if (c.mediaType === TRANSCODING_ERROR_MIME) {
        registry.handleResult(c.taskId, { error: body.toString('utf8') })
        return reply.status(200).send('OK')
      }
      if (c.mediaType !== 'multipart/mixed') return reply.status(200).send('OK')
      let result: RemoteTaskResult
      try {
        result = renditionsOf(body, c.params.boundary ?? '')
      } catch (err) {
        result = { error: isBaseError(err) ? err.shortMessage : String(err) }
      }
      if ('error' in result) {
        registry.handleResult(c.taskId, result)
        return httpError(reply, 500, result.error)
      }
      registry.handleResult(c.taskId, { ...result, decodedPixels })
      return reply.status(200).send('OK')
    },
  )
}
