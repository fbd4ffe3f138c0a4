import { useSyncExternalStore } from 'react'
import type { Emitter } from '../lib/Emitter.ts'

/**
 * Subscribes a component to an object that emits `change` and exposes a value.
 * @param emitter the object's emitter (must emit `change` when `read()` changes).
 * @param read returns the current value (must return the same object while unchanged).
 * @returns the current value.
 * @example
 * const snap = useEmitterValue(gateway.events, () => gateway.snapshot)
 */
export function useEmitterValue<T>(emitter: Emitter<{ change: [] }>, read: () => T): T {
  return useSyncExternalStore((cb) => emitter.on('change', cb), read, read)
}
