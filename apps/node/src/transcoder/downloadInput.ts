/**
 * Downloads a work item's input as go-livepeer's download client does: a plain GET, certificates
 * not verified (orchestrators use self-signed ones), 4 s in all, status 200 required, at most
 * 300,000,000 bytes.
 */
import { get as httpGet, type IncomingMessage } from 'node:http'
import { get as httpsGet } from 'node:https'
import { TranscoderDownloadFailedError } from './errors.ts'

/** Options of {@link downloadInput}. */
export type DownloadOptions = {
  /** Whole-download timeout. Default: 4000 ms. */
  timeoutMs?: number
  /** Largest body. Default: 300,000,000 bytes. */
  maxBytes?: number
}

/**
 * GETs `url` into memory.
 *
 * @throws TranscoderDownloadFailedError (`TRANSCODER_DOWNLOAD_FAILED`).
 * @example const ts = await downloadInput('https://127.0.0.1:8935/stream/a1b2c3d4/7.tempfile')
 */
export function downloadInput(url: string, opts: DownloadOptions = {}): Promise<Buffer> {
  const max = opts.maxBytes ?? 300_000_000
  return new Promise((resolve, reject) => {
    let u: URL
    try {
      u = new URL(url)
    } catch (err) {
      reject(new TranscoderDownloadFailedError(`bad input url "${url}"`, err))
      return
    }
    const fail = (msg: string, cause?: unknown) => {
      clearTimeout(timer)
      req.destroy()
      reject(new TranscoderDownloadFailedError(msg, cause))
    }
    const onResponse = (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume()
        return fail(`input download answered ${res.statusCode}`)
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > max) return fail(`input larger than ${max} bytes`)
        chunks.push(c)
      })
      res.on('end', () => {
        clearTimeout(timer)
        resolve(Buffer.concat(chunks, size))
      })
      res.on('error', (err) => fail(`input download failed: ${err.message}`, err))
    }
    const req =
      u.protocol === 'https:'
        ? httpsGet(u, { rejectUnauthorized: false }, onResponse)
        : httpGet(u, onResponse)
    req.on('error', (err) => {
      clearTimeout(timer)
      reject(new TranscoderDownloadFailedError(`input download failed: ${err.message}`, err))
    })
    const timer = setTimeout(() => fail('input download timed out'), opts.timeoutMs ?? 4000)
  })
}
