/**
 * The segment inputs remote transcoders download: held in memory under `<session>/<name>` while
 * their task runs and served at `GET /stream/<session>/<name>` (name `<seq>.tempfile`, as
 * go-livepeer's orchestrator names them). Bounded: past `max` entries the oldest is dropped.
 */

/**
 * In-memory input store.
 *
 * @example
 * const inputs = new TranscoderInputs(64)
 * const name = inputs.put('a1b2c3d4', 7, bytes) // '7.tempfile'
 * inputs.get('a1b2c3d4', name) // bytes
 */
export class TranscoderInputs {
  private readonly entries = new Map<string, Uint8Array>()

  constructor(private readonly max: number) {}

  /** Stores `data` for (session, seq) and returns its file name (unique while it is held). */
  put(session: string, seq: number, data: Uint8Array): string {
    let name = `${seq}.tempfile`
    for (let n = 1; this.entries.has(key(session, name)); n++) name = `${seq}-${n}.tempfile`
    this.entries.set(key(session, name), data)
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
    return name
  }

  /** The bytes stored under (session, name), if still held. */
  get(session: string, name: string): Uint8Array | undefined {
    return this.entries.get(key(session, name))
  }

  /** Drops one input. */
  delete(session: string, name: string): void {
    this.entries.delete(key(session, name))
  }

  /** Drops every input. */
  clear(): void {
    this.entries.clear()
  }
}

function key(session: string, name: string): string {
  return `${session}\u0000${name}`
}
