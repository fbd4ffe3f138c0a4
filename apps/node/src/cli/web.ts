/**
 * The `prism web` role: serves the built web app (`npm run build` writes apps/web/dist) as static
 * files with the headers onnxruntime-web's threads need (Cross-Origin-Opener-Policy: same-origin,
 * Cross-Origin-Embedder-Policy: require-corp), plus what the Vite dev server offers: the dev
 * deployment at /deployment.json and the app's config at /config.json (a file, or built from
 * -network, -rpc, -orchestrators and -maxPrice). Any other static host works the same with the
 * same files and headers (docs/web-app.md).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { CliFlagInvalidError, WebBuildMissingError } from './errors.ts'
import { formatHelp, parseFlags } from './flags.ts'

/** Flags of `prism web`. */
export const WEB_FLAGS = {
  port: { type: 'number', default: 4173, help: 'Port to listen on.' },
  host: { type: 'string', default: '127.0.0.1', help: 'Address to listen on (0.0.0.0 for every interface).' },
  dir: {
    type: 'string',
    help: 'Folder of the built app. Default: apps/web/dist of this repository (npm run build).',
  },
  deployment: {
    type: 'string',
    help: 'Dev deployment file served at /deployment.json (prism dev writes .prism/dev/deployment.json). Default: that file when it exists.',
  },
  config: { type: 'string', help: 'config.json file served at /config.json (see docs/web-app.md).' },
  network: { type: 'string', help: "config.json 'network': dev or arbitrum-one." },
  rpc: { type: 'string', help: "config.json 'rpc': the chain's JSON-RPC URL." },
  orchestrators: { type: 'string', help: "config.json 'orchestrators': comma-separated orchestrator URLs." },
  maxPrice: { type: 'string', help: "config.json 'maxPrice': highest price accepted, wei per pixel." },
} as const

const SUMMARY =
  'Serves the built web app (npm run build) with the cross-origin isolation headers, the dev deployment ' +
  'at /deployment.json and the app config at /config.json.'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
}

/** The headers every answer carries: cross-origin isolation (SharedArrayBuffer for wasm threads). */
export const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
} as const

/** Options of {@link startWebServer}. */
export type WebServerOptions = {
  /** Folder with index.html. */
  dir: string
  host: string
  port: number
  /** Served at /deployment.json; undefined = 404 (the app then uses its config or Arbitrum One). */
  deployment?: string | undefined
  /** Served at /config.json; undefined = the dir's config.json, else 404. */
  config?: unknown
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...ISOLATION_HEADERS, 'content-type': type, 'cache-control': 'no-store' })
  res.end(body)
}

function handler(o: WebServerOptions) {
  const root = resolve(o.dir)
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'method not allowed')
      return
    }
    let path: string
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    } catch {
      send(res, 400, 'text/plain', 'bad path')
      return
    }
    if (path === '/deployment.json' && o.deployment !== undefined) {
      if (!existsSync(o.deployment)) {
        send(res, 404, 'application/json', '{"code":"WEB_DEPLOYMENT_MISSING","message":"no dev deployment"}')
        return
      }
      send(res, 200, 'application/json', readFileSync(o.deployment))
      return
    }
    if (path === '/config.json' && o.config !== undefined) {
      send(res, 200, 'application/json', JSON.stringify(o.config))
      return
    }
    let file = normalize(join(root, path))
    if (file !== root && !file.startsWith(root + sep)) {
      send(res, 403, 'text/plain', 'forbidden')
      return
    }
    let stat = existsSync(file) ? statSync(file) : undefined
    if (stat?.isDirectory()) {
      file = join(file, 'index.html')
      stat = existsSync(file) ? statSync(file) : undefined
    }
    if (!stat) {
      // A path without an extension is a page of the app: index.html. Anything else is missing.
      if (extname(path) !== '') {
        send(
          res,
          404,
          'application/json',
          `{"code":"NOT_FOUND","message":"${path.replace(/"/g, '')} not found"}`,
        )
        return
      }
      file = join(root, 'index.html')
      stat = statSync(file)
    }
    const immutable = path.startsWith('/assets/')
    res.writeHead(200, {
      ...ISOLATION_HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(stat.size),
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
    if (req.method === 'HEAD') res.end()
    else createReadStream(file).pipe(res)
  }
}

/**
 * Starts the static server.
 * @throws WebBuildMissingError `CLI_WEB_BUILD_MISSING` when `dir` has no index.html.
 * @returns the server and its URL; close it with `server.close()`.
 * @example
 * const { url } = await startWebServer({ dir: 'apps/web/dist', host: '127.0.0.1', port: 4173 })
 */
export async function startWebServer(o: WebServerOptions): Promise<{ server: Server; url: string }> {
  if (!existsSync(join(o.dir, 'index.html'))) throw new WebBuildMissingError(o.dir)
  const server = createServer(handler(o))
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(o.port, o.host, () => ok())
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : o.port
  return { server, url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}` }
}

function configFromFlags(flags: {
  config?: string | undefined
  network?: string | undefined
  rpc?: string | undefined
  orchestrators?: string | undefined
  maxPrice?: string | undefined
}): unknown {
  let config: Record<string, unknown> | undefined
  if (flags.config) {
    try {
      config = JSON.parse(readFileSync(flags.config, 'utf8')) as Record<string, unknown>
    } catch (err) {
      throw new CliFlagInvalidError(`-config ${flags.config}: ${err instanceof Error ? err.message : err}`)
    }
  }
  const extra = {
    ...(flags.network ? { network: flags.network } : {}),
    ...(flags.rpc ? { rpc: flags.rpc } : {}),
    ...(flags.orchestrators
      ? {
          orchestrators: flags.orchestrators
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(flags.maxPrice ? { maxPrice: flags.maxPrice } : {}),
  }
  if (!config && Object.keys(extra).length === 0) return undefined
  return { ...config, ...extra }
}

/** Runs `prism web` until SIGINT/SIGTERM; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, WEB_FLAGS)
  if (flags.help) {
    process.stdout.write(formatHelp('prism web', SUMMARY, WEB_FLAGS))
    return 0
  }
  const repo = join(import.meta.dirname, '..', '..', '..', '..')
  const dir = flags.dir ?? join(repo, 'apps', 'web', 'dist')
  const devDeployment = join(process.cwd(), '.prism', 'dev', 'deployment.json')
  const deployment = flags.deployment ?? (existsSync(devDeployment) ? devDeployment : undefined)
  const { server, url } = await startWebServer({
    dir,
    host: flags.host,
    port: flags.port,
    deployment,
    config: configFromFlags(flags),
  })
  process.stdout.write(`prism web: serving ${dir} at ${url}\n`)
  if (deployment) process.stdout.write(`prism web: /deployment.json is ${deployment}\n`)
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done())
    process.once('SIGTERM', () => done())
  })
  server.closeAllConnections()
  await new Promise<void>((done) => server.close(() => done()))
  process.stdout.write('prism web: stopped\n')
  return 0
}
