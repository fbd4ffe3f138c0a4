/**
 * The body and headers a transcoder posts on `/transcodeResults`, as go-livepeer's transcoders
 * write them: `multipart/mixed` with one part per rendition in profile order (`Content-Type`,
 * `Content-Length`, `Pixels` = encoded pixels of that rendition), a perceptual hash part
 * (`application/octet-stream`) after a rendition that has one, and a 20-hex-character boundary;
 * or the error text as `livepeer/transcoding-error`. `Pixels` on the request is the decoded
 * input's pixels (0 on error).
 */
import { randomBytes } from 'node:crypto'

/** The `Authorization` value of go-livepeer's transcoders. */
export const TRANSCODER_AUTH = 'Livepeer-Transcoder-1.0'
/** Content type of a failed task's result. */
export const TRANSCODING_ERROR_MIME = 'livepeer/transcoding-error'

/** One rendition to post. */
export type ResultRendition = {
  data: Uint8Array
  /** Encoded pixels. */
  pixels: number
  /** `video/mp2t` (default) or `video/mp4`. */
  contentType?: string
  /** MPEG-7 signature, when computed. */
  perceptualHash?: Uint8Array
}

/** A task's outcome. */
export type TaskResult =
  | { taskId: bigint; error: string }
  | { taskId: bigint; renditions: ResultRendition[]; decodedPixels: number }

/**
 * Headers (lower-case names) and body of one `/transcodeResults` request. The body is its pieces
 * in order, to be written one after another: the renditions are not copied into one buffer (a
 * copy of about half a megabyte per 2 s segment).
 */
export type ResultRequest = { headers: Record<string, string>; body: Buffer[] }

/**
 * Builds the request for a task's result.
 * @example const { headers, body } = resultRequest({ taskId: 3n, error: 'boom' }, secret)
 */
export function resultRequest(result: TaskResult, secret: string, boundary = newBoundary()): ResultRequest {
  const base = { authorization: TRANSCODER_AUTH, credentials: secret, taskid: result.taskId.toString() }
  if ('error' in result)
    return {
      headers: { ...base, pixels: '0', 'content-type': TRANSCODING_ERROR_MIME },
      body: [Buffer.from(result.error, 'utf8')],
    }
  const chunks: Buffer[] = []
  const part = (headers: string[], data: Uint8Array) => {
    chunks.push(Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'))
    chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength), Buffer.from('\r\n'))
  }
  for (const r of result.renditions) {
    part(
      [
        `Content-Type: ${r.contentType ?? 'video/mp2t'}`,
        `Content-Length: ${r.data.byteLength}`,
        `Pixels: ${r.pixels}`,
      ],
      r.data,
    )
    if (r.perceptualHash)
      part(
        ['Content-Type: application/octet-stream', `Content-Length: ${r.perceptualHash.byteLength}`],
        r.perceptualHash,
      )
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'))
  return {
    headers: {
      ...base,
      pixels: String(result.decodedPixels),
      'content-type': `multipart/mixed; boundary=${boundary}`,
    },
    body: chunks,
  }
}

/** 20 random hex characters, as go-livepeer's boundaries. */
export function newBoundary(): string {
  return randomBytes(10).toString('hex')
}
