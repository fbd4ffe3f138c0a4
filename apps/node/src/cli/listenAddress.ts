/**
 * Where the orchestrator listens and how: `-httpAddr` (bind address) and `-serviceAddr` (public
 * address) are `[scheme://]host:port`. No scheme or `https://` means TLS; `http://` on either means
 * plaintext (HTTP/2 with prior knowledge and HTTP/1.1 on the same port). No path is allowed, and
 * no scheme other than http and https.
 */
import { CliFlagInvalidError } from './errors.ts'

/** The parsed listening plan. */
export type ListenPlan = {
  /** Interface to bind (brackets of an IPv6 literal removed). */
  host: string
  /** Port to bind (0 = any free port). */
  port: number
  /** TLS (default) or plaintext. */
  tls: boolean
  /** The public `host:port` of `-serviceAddr`, when given. */
  serviceHostPort?: string
}

type Parsed = { scheme?: 'http' | 'https'; hostPort: string }

function parseAddr(flag: string, value: string): Parsed {
  let rest = value.trim()
  let scheme: Parsed['scheme']
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(rest)
  if (m) {
    const s = m[1]!.toLowerCase()
    if (s !== 'http' && s !== 'https')
      throw new CliFlagInvalidError(`-${flag}: scheme "${m[1]}" is not supported (http or https)`)
    scheme = s
    rest = m[2]!
  }
  if (rest.includes('/') || rest.includes('?') || rest.includes('#'))
    throw new CliFlagInvalidError(`-${flag} must not include a path`)
  return scheme ? { scheme, hostPort: rest } : { hostPort: rest }
}

/**
 * `host:port` → its parts; an empty host means every interface (0.0.0.0).
 *
 * @throws CliFlagInvalidError (`CLI_FLAG_INVALID`) without a valid port.
 * @example splitHostPort('[::1]:8935') // { host: '::1', port: 8935 }
 */
export function splitHostPort(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':')
  const port = Number(addr.slice(i + 1))
  if (i < 0 || addr.slice(i + 1) === '' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliFlagInvalidError(`expected host:port, got "${addr}"`)
  const host = addr.slice(0, i).replace(/^\[(.*)\]$/, '$1')
  return { host: host || '0.0.0.0', port }
}

/**
 * Reads `-httpAddr` and `-serviceAddr`.
 *
 * @throws CliFlagInvalidError (`CLI_FLAG_INVALID`) for a path, an unknown scheme, a missing port,
 *   or `http://` on one and `https://` on the other.
 * @example
 * planListen('127.0.0.1:8935')               // { host: '127.0.0.1', port: 8935, tls: true }
 * planListen('http://127.0.0.1:8935')        // { …, tls: false }
 * planListen('0.0.0.0:8935', 'o.example:443') // { …, tls: true, serviceHostPort: 'o.example:443' }
 */
export function planListen(httpAddr: string, serviceAddr?: string): ListenPlan {
  const bind = parseAddr('httpAddr', httpAddr)
  const service = serviceAddr ? parseAddr('serviceAddr', serviceAddr) : undefined
  const schemes = new Set([bind.scheme, service?.scheme].filter(Boolean))
  if (schemes.size > 1)
    throw new CliFlagInvalidError('-httpAddr and -serviceAddr disagree on http:// vs https://')
  const { host, port } = splitHostPort(bind.hostPort)
  if (service) splitHostPort(service.hostPort)
  return {
    host,
    port,
    tls: !schemes.has('http'),
    ...(service ? { serviceHostPort: service.hostPort } : {}),
  }
}
