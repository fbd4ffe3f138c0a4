import { WebConfigInvalidError } from './errors.ts'

/**
 * The app's own settings for a static deployment: a `config.json` next to index.html, overridden
 * by the page's query parameters. Every field is optional.
 *
 * ```json
 * { "network": "arbitrum-one", "rpc": "https://arb1.example/rpc",
 *   "orchestrators": ["https://orch.example:8935"], "maxPrice": "1200" }
 * ```
 *
 * A `deployment` field (the file `prism dev` writes) selects that dev chain, like `/deployment.json`.
 */
export type WebConfig = {
  /** `dev` (needs a deployment) or `arbitrum-one`. Default: dev when a deployment is found. */
  network?: 'dev' | 'arbitrum-one'
  /** Chain JSON-RPC URL (Arbitrum One, or the dev chain's instead of the deployment's). */
  rpc?: string
  /** Orchestrator URLs probed besides the chain pool. */
  orchestrators?: string[]
  /** Highest price accepted, wei per pixel ("0" = any). */
  maxPrice?: string
  /** A dev deployment (the content of `.prism/dev/deployment.json`). */
  deployment?: unknown
}

const invalid = (why: string) => new WebConfigInvalidError(why)

const list = (v: string | null | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/**
 * Checks a parsed config.json.
 * @throws WebConfigInvalidError `WEB_CONFIG_INVALID` naming the bad field.
 * @example parseWebConfig({ orchestrators: ['http://127.0.0.1:8935'] }).orchestrators
 */
export function parseWebConfig(json: unknown): WebConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('not a JSON object')
  const j = json as Record<string, unknown>
  const out: WebConfig = {}
  if (j.network !== undefined) {
    if (j.network !== 'dev' && j.network !== 'arbitrum-one')
      throw invalid('"network" must be "dev" or "arbitrum-one"')
    out.network = j.network
  }
  if (j.rpc !== undefined) {
    if (typeof j.rpc !== 'string' || !/^https?:\/\//.test(j.rpc))
      throw invalid('"rpc" must be an http(s) URL')
    out.rpc = j.rpc
  }
  if (j.orchestrators !== undefined) {
    const o = typeof j.orchestrators === 'string' ? list(j.orchestrators) : j.orchestrators
    if (!Array.isArray(o) || !o.every((u) => typeof u === 'string'))
      throw invalid('"orchestrators" must be a list of URLs')
    out.orchestrators = o
  }
  if (j.maxPrice !== undefined) {
    const m = String(j.maxPrice)
    if (!/^[0-9]+(\.[0-9]+)?$/.test(m)) throw invalid('"maxPrice" must be a number of wei per pixel')
    out.maxPrice = m
  }
  if (j.deployment !== undefined) out.deployment = j.deployment
  return out
}

/**
 * The config with the page's query parameters on top (`?network=`, `?rpc=`, `?orchestrators=a,b`,
 * `?maxPrice=`).
 * @example withQuery({ rpc: 'http://a' }, '?rpc=http://b').rpc // 'http://b'
 */
export function withQuery(config: WebConfig, search: string): WebConfig {
  const q = new URLSearchParams(search)
  const out: WebConfig = { ...config }
  const network = q.get('network')
  if (network === 'dev' || network === 'arbitrum-one') out.network = network
  if (q.get('rpc')) out.rpc = q.get('rpc')!
  if (q.get('orchestrators') !== null) out.orchestrators = list(q.get('orchestrators'))
  if (q.get('maxPrice') !== null) out.maxPrice = q.get('maxPrice')!
  return out
}
