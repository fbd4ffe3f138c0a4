/**
 * Minimal leveled logger for the node. Level from `PRISM_LOG_LEVEL` (`debug`, `info`, `warn`,
 * `error`, `silent`; default `info`, `warn` under vitest). Lines go to stderr so stdout stays clean.
 */

/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

function initialLevel(): LogLevel {
  const env = process.env.PRISM_LOG_LEVEL as LogLevel | undefined
  if (env && env in ORDER) return env
  return process.env.VITEST ? 'warn' : 'info'
}

let level: LogLevel = initialLevel()

function write(l: LogLevel, msg: string, extra: unknown[]): void {
  if (ORDER[l] < ORDER[level]) return
  const rest = extra.map((e) => (e instanceof Error ? (e.stack ?? e.message) : JSON.stringify(e))).join(' ')
  process.stderr.write(`${new Date().toISOString()} ${l.toUpperCase()} ${msg}${rest ? ` ${rest}` : ''}\n`)
}

/**
 * The process-wide logger.
 *
 * @example
 * logger.info('encoder selected', { encoder: 'libx264' })
 */
export const logger = {
  debug: (msg: string, ...extra: unknown[]) => write('debug', msg, extra),
  info: (msg: string, ...extra: unknown[]) => write('info', msg, extra),
  warn: (msg: string, ...extra: unknown[]) => write('warn', msg, extra),
  error: (msg: string, ...extra: unknown[]) => write('error', msg, extra),
  /** Changes the level for the whole process. */
  setLevel: (l: LogLevel) => {
    level = l
  },
}
