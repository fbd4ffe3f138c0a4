/**
 * The node's live AI sessions by manifest id: what counts against the live capacity, and what
 * closes them all when the node stops.
 */
import { LiveSession, type LiveSessionOptions } from './LiveSession.ts'

/** The live sessions of one node. */
export class LiveSessions {
  readonly #sessions = new Map<string, LiveSession>()

  /** Sessions open now. */
  get size(): number {
    return this.#sessions.size
  }

  /** Open sessions running `modelId`. */
  countModel(modelId: string): number {
    let n = 0
    for (const s of this.#sessions.values()) if (s.modelId === modelId) n++
    return n
  }

  /** The session of `mid`, if open. */
  get(mid: string): LiveSession | undefined {
    return this.#sessions.get(mid)
  }

  /** Opens a session (its channels made); it leaves the map when it closes. */
  open(o: LiveSessionOptions): LiveSession {
    const s = new LiveSession(o)
    this.#sessions.set(s.mid, s)
    s.once('closed', () => this.#sessions.delete(s.mid))
    return s
  }

  /** Closes every session. */
  async close(): Promise<void> {
    await Promise.all([...this.#sessions.values()].map((s) => s.close('node stopping')))
  }
}
