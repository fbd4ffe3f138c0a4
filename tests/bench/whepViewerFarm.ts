/**
 * Child process of bench:viewers: holds the headless werift WHEP viewers, so that their CPU
 * (DTLS, SRTP, ICE in JavaScript) is counted apart from the node's. Driven over the IPC channel
 * (`child_process.fork`), one request at a time, each answered with the same `id`:
 *
 * - `{ id, type: 'add', url, stream, n }` -> `{ id, statuses }`: opens `n` more viewers at once;
 * - `{ id, type: 'frames' }` -> `{ id, frames }`: frames received so far by each viewer;
 * - `{ id, type: 'closeAll' }` -> `{ id }`: closes every viewer (WHEP DELETE, then the peer).
 */
import { type BenchViewer, openViewer } from './mediasoupBench.ts'

/** What the bench asks. */
export type FarmCommand =
  | { type: 'add'; url: string; stream: string; n: number }
  | { type: 'frames' }
  | { type: 'closeAll' }

/** A request from the bench: a command and its id. */
export type FarmRequest = FarmCommand & { id: number }

/** The answer to a request. */
export type FarmReply = { id: number; statuses?: number[]; frames?: number[]; error?: string }

const viewers: BenchViewer[] = []

async function handle(req: FarmRequest): Promise<FarmReply> {
  switch (req.type) {
    case 'add': {
      const added = await Promise.all(Array.from({ length: req.n }, () => openViewer(req.url, req.stream)))
      viewers.push(...added)
      return { id: req.id, statuses: added.map((v) => v.status) }
    }
    case 'frames':
      return { id: req.id, frames: viewers.map((v) => v.frames()) }
    case 'closeAll': {
      await Promise.all(viewers.splice(0).map((v) => v.close()))
      return { id: req.id }
    }
  }
}

if (process.send) {
  process.on('message', (req: FarmRequest) => {
    handle(req).then(
      (reply) => process.send!(reply),
      (err: unknown) => process.send!({ id: req.id, error: String(err) }),
    )
  })
  process.on('disconnect', () => process.exit(0))
}
