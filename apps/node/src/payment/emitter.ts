/**
 * A typed event emitter for the payment, settlement and reward managers. Listeners that throw are
 * logged and re-emitted as `listenererror` instead of unwinding the caller (STYLE.md item 4).
 */
import { EventEmitter } from 'node:events'

/** An event map: event name to argument tuple. */
export type EventMap = Record<string, unknown[]>

/**
 * EventEmitter with typed `on`/`off`/`once` and a `safeEmit` that never throws.
 *
 * @example
 * class Loop extends TypedEmitter<{ tick: [number] }> {}
 * new Loop().on('tick', (n) => console.log(n))
 */
export class TypedEmitter<E extends EventMap> {
  readonly #ee = new EventEmitter()

  constructor() {
    this.#ee.setMaxListeners(100)
  }

  /** Adds a listener. */
  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#ee.on(event, listener as (...args: unknown[]) => void)
    return this
  }

  /** Adds a one-shot listener. */
  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#ee.once(event, listener as (...args: unknown[]) => void)
    return this
  }

  /** Removes a listener. */
  off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#ee.off(event, listener as (...args: unknown[]) => void)
    return this
  }

  /** Number of listeners of `event`. */
  listenerCount(event: keyof E & string): number {
    return this.#ee.listenerCount(event)
  }

  /**
   * Emits `event`; a throwing listener is reported on `listenererror` (or logged) and does not
   * stop the caller.
   */
  protected safeEmit<K extends keyof E & string>(event: K, ...args: E[K]): void {
    for (const listener of this.#ee.rawListeners(event)) {
      try {
        ;(listener as (...a: unknown[]) => void)(...args)
      } catch (err) {
        if (event !== 'listenererror' && this.#ee.listenerCount('listenererror') > 0)
          this.#ee.emit('listenererror', event, err)
        else console.error(`prism: listener of "${event}" threw`, err)
      }
    }
  }
}
