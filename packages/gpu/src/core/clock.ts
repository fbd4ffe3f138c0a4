/** A monotonic millisecond clock that works in Node and browsers without their type libraries. */
const perf = (globalThis as { performance?: { now(): number } }).performance

/** Milliseconds from an arbitrary origin; `performance.now()` where it exists. */
export const now: () => number = perf ? () => perf.now() : () => Date.now()
