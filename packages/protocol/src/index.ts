// biome-ignore-all lint/performance/noBarrelFile: the package entry point is the one real barrel.
/**
 * @prism/protocol: Livepeer-compatible tickets, pricing, wire formats, message schemas, typed
 * errors, contract ABIs and network presets. Isomorphic: runs unchanged in browsers and Node.
 */
export { BaseError, type BaseErrorParameters, type BaseErrorType, isBaseError } from './errors/base.ts'
