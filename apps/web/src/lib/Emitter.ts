/** A map of event names to their argument tuples, e.g. `{ close: []; error: [Error] }`. */
export type EventMap = Record<string, unknown[]>

/**
 * A small typed event emitter. `emit` is safe: a throwing listener is logged and does not stop the
 * other listeners or unwind the caller (the media path must keep running).
 *
 * @example
 * const e = new Emitter<{ tick: [number] }>()
 * const off = e.on('tick', (n) => console.log(n))
 * e.emit('tick', 1); off()
 */
export class Emitter<E extends EventMap> {
  #listeners = new Map<keyof E, Set<(...args: unknown[]) => void>>()

  /**
   * Subscribes to an event.
   * @returns a function that unsubscribes.
   */
  on<K extends keyof E>(name: K, fn: (...args: E[K]) => void): () => void {
    let set = this.#listeners.get(name)
    if (!set) {
      set = new Set()
      this.#listeners.set(name, set)
    }
    const f = fn as unknown as (...args: unknown[]) => void
    set.add(f)
    return () => set.delete(f)
  }

  /** Calls every listener of `name` with `args`; a throwing listener is logged. */
  emit<K extends keyof E>(name: K, ...args: E[K]): void {
    for (const fn of [...(this.#listeners.get(name) ?? [])]) {
      try {
        fn(...args)
      } catch (err) {
        console.error(`listener of ${String(name)} threw`, err)
      }
    }
  }

  /** Removes every listener. */
  removeAll(): void {
    this.#listeners.clear()
  }
}
