/**
 * Posts task results to `<orchestrator>/transcodeResults` over HTTP/2, as go-livepeer's
 * transcoders do: TLS without certificate checks (or HTTP/2 with prior knowledge for an
 * `http://` orchestrator), one connection reused across posts and opened again after it drops.
 */
import { type ClientHttp2Session, connect } from 'node:http2'
import { TranscoderResultRejectedError } from './errors.ts'
import { resultRequest, type TaskResult } from './resultBody.ts'

/**
 * HTTP/2 result poster.
 *
 * @example
 * const poster = new ResultPoster('https://127.0.0.1:8935', 's3cret')
 * await poster.post({ taskId: 0n, error: 'boom' })
 * poster.close()
 */
export class ResultPoster {
  private session: ClientHttp2Session | undefined

  constructor(
    private readonly origin: string,
    private readonly secret: string,
  ) {}

  /**
   * Posts one result and waits for the answer.
   * @throws TranscoderResultRejectedError (`TRANSCODER_RESULT_REJECTED`) on a status other than 200;
   * a network error as is.
   */
  async post(result: TaskResult): Promise<void> {
    const { headers, body } = resultRequest(result, this.secret)
    const session = this.connection()
    const req = session.request({ ':method': 'POST', ':path': '/transcodeResults', ...headers })
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      let status = 0
      const chunks: Buffer[] = []
      req.on('response', (h) => {
        status = Number(h[':status'])
      })
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }))
      req.on('error', reject)
    })
    for (const piece of body) req.write(piece)
    req.end()
    const { status, text } = await answer
    if (status !== 200) throw new TranscoderResultRejectedError(status, text)
  }

  /** Closes the connection. */
  close(): void {
    this.session?.close()
    this.session = undefined
  }

  private connection(): ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session
    const session = connect(this.origin, { rejectUnauthorized: false })
    session.on('error', () => session.destroy())
    session.on('close', () => {
      if (this.session === session) this.session = undefined
    })
    this.session = session
    return session
  }
}
