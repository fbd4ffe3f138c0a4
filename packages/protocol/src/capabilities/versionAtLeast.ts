const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/

/** Major, minor, patch of a lenient semver string (`v` prefix, missing parts = 0), or null. */
function parse(v: string): [bigint, bigint, bigint] | null {
  const m = SEMVER.exec(v.trim())
  if (!m) return null
  return [BigInt(m[1]!), BigInt(m[2] ?? 0), BigInt(m[3] ?? 0)]
}

/**
 * go-livepeer's minimum-version test, used for `constraints.minVersion` and per-model
 * `runnerVersion`: an empty minimum always passes; otherwise the version must be non-empty, not
 * `undefined` (a dev build) and, ignoring pre-release and build suffixes, ≥ the minimum. A
 * minimum that does not parse passes; a version that does not parse fails.
 *
 * @example versionAtLeast('0.9.1-abc', '0.9.1') // true
 * @example versionAtLeast('undefined', '0.9.0') // false
 */
export function versionAtLeast(version: string | undefined, minimum: string | undefined): boolean {
  if (!minimum) return true
  if (!version || version === 'undefined') return false
  const min = parse(minimum)
  if (!min) return true
  const v = parse(version)
  if (!v) return false
  for (let i = 0; i < 3; i++) if (v[i]! !== min[i]!) return v[i]! > min[i]!
  return true
}
