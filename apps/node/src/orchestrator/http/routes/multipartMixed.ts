/**
 * A reader of `multipart/mixed` bodies (RFC 2046 §5.1), binary safe, for the renditions a remote
 * transcoder posts on `/transcodeResults`: the parts between `--<boundary>` delimiter lines, each
 * with its header lines and its bytes. Line ends are CRLF (a bare LF is accepted, as Go's reader).
 */
import { TranscodeResultsMalformedError } from '../../compute/errors.ts'

/** One body part. */
export type MultipartPart = {
  /** Header fields, names lower-cased. */
  headers: Record<string, string>
  body: Buffer
}

/**
 * Splits a multipart body into its parts.
 *
 * @throws TranscodeResultsMalformedError (`TRANSCODE_RESULTS_MALFORMED`) when the first delimiter, a part's header block or the closing delimiter
 * is missing.
 * @example
 * parseMultipartMixed(Buffer.from('--b\r\nPixels: 1\r\n\r\nxy\r\n--b--\r\n'), 'b')[0]!.body // <Buffer 78 79>
 */
export function parseMultipartMixed(body: Buffer, boundary: string): MultipartPart[] {
  if (!boundary) throw new TranscodeResultsMalformedError('multipart: boundary is empty')
  const dash = Buffer.from(`--${boundary}`, 'latin1')
  // The first delimiter: at the start, or at the start of a line after a preamble.
  let at = body.subarray(0, dash.length).equals(dash) ? 0 : indexOfLine(body, dash, 0)
  if (at < 0) throw new TranscodeResultsMalformedError('multipart: NextPart: EOF')
  const parts: MultipartPart[] = []
  for (;;) {
    let pos = at + dash.length
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts // closing `--boundary--`
    pos = skipLineEnd(body, pos)
    if (pos < 0) throw new TranscodeResultsMalformedError('multipart: malformed delimiter line')
    const next = indexOfLine(body, dash, pos)
    if (next < 0) throw new TranscodeResultsMalformedError('multipart: NextPart: EOF')
    // The part ends before the line end that precedes the next delimiter.
    const end = body[next - 2] === 0x0d ? next - 2 : next - 1
    parts.push(readPart(body.subarray(pos, end)))
    at = next
  }
}

/** Index of `dash` at the start of a line (after CRLF or LF) at or after `from`, or -1. */
function indexOfLine(body: Buffer, dash: Buffer, from: number): number {
  let i = body.indexOf(dash, from)
  while (i >= 0) {
    if (i > 0 && body[i - 1] === 0x0a) return i
    i = body.indexOf(dash, i + 1)
  }
  return -1
}

/** Skips transport padding (spaces, tabs) and the line end after a delimiter; -1 if none. */
function skipLineEnd(body: Buffer, pos: number): number {
  let p = pos
  while (body[p] === 0x20 || body[p] === 0x09) p++
  if (body[p] === 0x0d && body[p + 1] === 0x0a) return p + 2
  if (body[p] === 0x0a) return p + 1
  return -1
}

function readPart(raw: Buffer): MultipartPart {
  let split = raw.indexOf('\r\n\r\n')
  let skip = 4
  const lf = raw.indexOf('\n\n')
  if (split < 0 || (lf >= 0 && lf < split)) {
    split = lf
    skip = 2
  }
  // A part that starts with its blank line has no headers.
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { headers: {}, body: raw.subarray(2) }
  if (raw[0] === 0x0a) return { headers: {}, body: raw.subarray(1) }
  if (split < 0) throw new TranscodeResultsMalformedError('multipart: part without a header block')
  const headers: Record<string, string> = {}
  for (const line of raw.subarray(0, split).toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new TranscodeResultsMalformedError(`multipart: malformed header line "${line}"`)
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { headers, body: raw.subarray(split + skip) }
}
