/**
 * Typed event emitter with `safeEmit`: a listener that throws is logged and re-emitted as
 * `listenererror` instead of unwinding the caller (the media path must never be broken by a
 * monitoring listener). Event maps list argument tuples, e.g. `{ close: []; error: [Error] }`.
 */
import { EventEmitter } from 'node:events'
import { logger } from './logger.ts'

/** Map of event name to argument tuple. */
export type EventMap = Record<string, unknown[]>

/**
 * An `EventEmitter` whose `on`/`once`/`off`/`emit` are typed by `E`.
 *
 * @example
 * const e = new EnhancedEventEmitter<{ tick: [number] }>()
 * e.on('tick', (n) => console.log(n))
 * e.safeEmit('tick', 1)
 */
export class EnhancedEventEmitter<E extends EventMap> extends EventEmitter {
  constructor() {
    super()
    this.setMaxListeners(Number.POSITIVE_INFINITY)
  }

  /** Emits `event`; a throwing listener is logged and re-emitted as `listenererror`. Returns true when listened. */
  safeEmit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    const listeners = this.rawListeners(event) as Array<(...a: unknown[]) => unknown>
    for (const listener of listeners) {
      try {
        listener.apply(this, args)
      } catch (err) {
        logger.error(`listener of "${event}" threw`, err)
        if (event !== 'listenererror' && this.listenerCount('listenererror') > 0) {
          try {
            super.emit('listenererror', event, err)
          } catch {
            // a throwing listenererror listener is ignored
          }
        }
      }
    }
    return listeners.length > 0
  }

  override emit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    return super.emit(event, ...args)
  }

  override on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    return super.on(event, listener as (...a: unknown[]) => void)
  }

  override once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    return super.once(event, listener as (...a: unknown[]) => void)
  }

  override off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    return super.off(event, listener as (...a: unknown[]) => void)
  }
}
