/**
 * go-livepeer-style flag parsing for the `prism` command: `-name value`, `-name=value`,
 * `--name value`, boolean `-name` / `-name=false`, and an environment variable per flag
 * (`PRISM_<NAME IN UPPER SNAKE CASE>`, e.g. `-maxSessions` -> `PRISM_MAX_SESSIONS`).
 * Precedence: command line, then environment, then the flag's default.
 */
import { CliFlagInvalidError } from './errors.ts'

/** One flag: its kind, default and help text. */
export type FlagSpec =
  | { type: 'string'; default?: string; help: string }
  | { type: 'number'; default?: number; help: string }
  | { type: 'boolean'; default?: boolean; help: string }

/** A set of flags by name (camelCase, as typed after the dash). */
export type FlagSpecs = Record<string, FlagSpec>

/** Parsed values: each flag typed by its spec; flags without a default may be undefined. */
export type ParsedFlags<S extends FlagSpecs> = {
  [K in keyof S]: S[K] extends { type: 'number'; default: number }
    ? number
    : S[K] extends { type: 'boolean' }
      ? boolean
      : S[K] extends { type: 'string'; default: string }
        ? string
        : S[K] extends { type: 'number' }
          ? number | undefined
          : string | undefined
} & { help: boolean }

/** Environment variable name for a flag: `maxSessions` -> `PRISM_MAX_SESSIONS`. */
export function envName(flag: string): string {
  return `PRISM_${flag.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`
}

function convert(name: string, spec: FlagSpec, raw: string): string | number | boolean {
  if (spec.type === 'string') return raw
  if (spec.type === 'number') {
    const n = Number(raw)
    if (raw.trim() === '' || !Number.isFinite(n))
      throw new CliFlagInvalidError(`-${name} expects a number, got "${raw}"`)
    return n
  }
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false
  throw new CliFlagInvalidError(`-${name} expects true or false, got "${raw}"`)
}

/**
 * Parses `argv` against `specs`.
 *
 * @throws CliFlagInvalidError (`CLI_FLAG_INVALID`) on an unknown flag, a missing value or a bad number.
 * @example
 * const flags = parseFlags(['-maxSessions', '4'], { maxSessions: { type: 'number', default: 10, help: '…' } })
 * flags.maxSessions // 4
 */
export function parseFlags<S extends FlagSpecs>(
  argv: readonly string[],
  specs: S,
  env: Record<string, string | undefined> = process.env,
): ParsedFlags<S> {
  const out: Record<string, string | number | boolean | undefined> = { help: false }
  for (const [name, spec] of Object.entries(specs)) {
    const fromEnv = env[envName(name)]
    out[name] = fromEnv !== undefined ? convert(name, spec, fromEnv) : spec.default
    if (spec.type === 'boolean' && out[name] === undefined) out[name] = false
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '-h' || arg === '--help' || arg === '-help') {
      out.help = true
      continue
    }
    const m = /^--?([A-Za-z][A-Za-z0-9]*)(?:=(.*))?$/.exec(arg)
    if (!m) throw new CliFlagInvalidError(`unexpected argument "${arg}" (flags look like -name value)`)
    const name = m[1]!
    const spec = specs[name]
    if (!spec) throw new CliFlagInvalidError(`unknown flag -${name} (see --help)`)
    let raw = m[2]
    if (raw === undefined) {
      const next = argv[i + 1]
      if (spec.type === 'boolean' && (next === undefined || !/^(true|false|1|0|yes|no|on|off)$/i.test(next)))
        raw = 'true'
      else {
        if (next === undefined) throw new CliFlagInvalidError(`-${name} needs a value`)
        raw = next
        i++
      }
    }
    out[name] = convert(name, spec, raw)
  }
  return out as ParsedFlags<S>
}

/**
 * Renders `--help` text: usage line, then each flag with its default and environment variable.
 *
 * @example
 * console.log(formatHelp('prism orchestrator', 'Runs an orchestrator.', specs))
 */
export function formatHelp(usage: string, summary: string, specs: FlagSpecs): string {
  const lines = [`Usage: ${usage} [flags]`, '', summary, '', 'Flags:']
  for (const [name, spec] of Object.entries(specs)) {
    const def = spec.default === undefined ? '' : ` (default: ${JSON.stringify(spec.default)})`
    lines.push(`  -${name} <${spec.type}>${def}`, `      ${spec.help}  [env ${envName(name)}]`)
  }
  lines.push('  -help', '      Print this help.')
  return `${lines.join('\n')}\n`
}
