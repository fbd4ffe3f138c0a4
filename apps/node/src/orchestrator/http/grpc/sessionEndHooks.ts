/**
 * Who ends a transcoding session when a gateway calls `EndTranscodingSession`: the `/segment`
 * code (and remote transcoders) register a listener; the gRPC service calls {@link SessionEndHooks.end}
 * with the token's session id once the token checks out.
 */

/** Called with the session id of an ended session; may be async (awaited, errors logged). */
export type SessionEndListener = (sessionId: string) => void | Promise<void>

/**
 * A list of teardown listeners.
 *
 * @example
 * const hooks = new SessionEndHooks()
 * const off = hooks.register((id) => segmentSessions.close(id))
 * await hooks.end('5f3a9c1e')
 * off()
 */
export class SessionEndHooks {
  readonly #listeners = new Set<SessionEndListener>()

  /** Adds a listener; returns its removal. */
  register(listener: SessionEndListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Runs every listener for `sessionId` (a session that does not exist is no error).
   *
   * @returns errors thrown by listeners (the others still ran).
   */
  async end(sessionId: string): Promise<unknown[]> {
    const errors: unknown[] = []
    for (const listener of [...this.#listeners]) {
      try {
        await listener(sessionId)
      } catch (err) {
        errors.push(err)
      }
    }
    return errors
  }
}
