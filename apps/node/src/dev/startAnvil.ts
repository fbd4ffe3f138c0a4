/** Spawns anvil (npm `@foundry-rs/anvil`) on a loopback port and waits until its RPC answers. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { removeAnvilPid, writeAnvilPid } from './anvilPidFile.ts'
import { DEV_ACCOUNT_COUNT, DEV_MNEMONIC } from './devAccounts.ts'
import { DevAnvilFailedError, DevPortInUseError } from './errors.ts'

/** Options of {@link startAnvil}. */
export type StartAnvilOptions = {
  /** Port to listen on. Default: 8545. */
  port?: number
  /** Interface to bind. Default: 127.0.0.1. */
  host?: string
  /** Chain id. Default: 31337. */
  chainId?: number
  /** How long to wait for the RPC to answer, in ms. Default: 15000. */
  readyTimeoutMs?: number
  /** Pid file to write while anvil runs (see anvilPidFile.ts). Default: none. */
  pidFile?: string
}

/** A running anvil. */
export type AnvilProcess = {
  rpcUrl: string
  port: number
  chainId: number
  /** The child process (for its pid). */
  child: ChildProcess
  /** Resolves when anvil exits, with its exit code (null when killed by a signal). */
  exited: Promise<number | null>
  /** Stops anvil (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. Idempotent. */
  close(): Promise<void>
}

/**
 * Command that runs anvil: the native binary of the platform package (`@foundry-rs/anvil-<os>-<arch>`)
 * when present, so that signals reach anvil itself; otherwise the package's Node wrapper.
 */
export function anvilCommand(): { command: string; args: string[] } {
  const require = createRequire(import.meta.url)
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  try {
    const pkgPath = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`)
    const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
    return { command: join(dirname(pkgPath), 'bin', exe), args: [] }
  } catch {
    const pkgPath = require.resolve('@foundry-rs/anvil/package.json')
    return { command: process.execPath, args: [join(dirname(pkgPath), 'bin.mjs')] }
  }
}

/** Resolves when `port` on `host` can be bound; rejects with DevPortInUseError otherwise. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new DevPortInUseError(host, port) : err)
    })
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()))
  })
}

async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    })
    return res.ok
  } catch {
    return false
  }
}

/**
 * Starts anvil with the dev mnemonic ({@link DEV_MNEMONIC}, 10 accounts of 10000 ETH), automine on.
 *
 * @throws DevPortInUseError (`DEV_PORT_IN_USE`) when the port is taken.
 * @throws DevAnvilFailedError (`DEV_ANVIL_FAILED`) when anvil exits early or does not answer in time.
 * @example
 * const anvil = await startAnvil({ port: await freePort() })
 * // … use anvil.rpcUrl …
 * await anvil.close()
 */
export async function startAnvil(opts: StartAnvilOptions = {}): Promise<AnvilProcess> {
  const host = opts.host ?? '127.0.0.1'
  const port = opts.port ?? 8545
  const chainId = opts.chainId ?? 31337
  await assertPortFree(host, port)
  const args = [
    '--host',
    host,
    '--port',
    String(port),
    '--chain-id',
    String(chainId),
    '--accounts',
    String(DEV_ACCOUNT_COUNT),
    '--mnemonic',
    DEV_MNEMONIC,
    '--silent',
  ]
  const cmd = anvilCommand()
  // Own process group: a Ctrl-C in the terminal reaches prism, which then stops anvil in order.
  const child = spawn(cmd.command, [...cmd.args, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  // If this process exits without close(), do not leave anvil behind.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const pidFile = opts.pidFile
  if (pidFile && child.pid !== undefined) writeAnvilPid(pidFile, { pid: child.pid, port })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exitCode: number | null | undefined
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      process.removeListener('exit', killOnExit)
      if (pidFile && child.pid !== undefined) removeAnvilPid(pidFile, child.pid)
      exitCode = code
      resolve(code)
    })
    child.once('error', (err) => {
      output += `\n${err.message}`
      exitCode = -1
      resolve(-1)
    })
  })
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (exitCode !== undefined) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    })()
    return closing
  }
  const rpcUrl = `http://${host}:${port}`
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 15_000)
  while (!(await rpcAnswers(rpcUrl))) {
    if (exitCode !== undefined)
      throw new DevAnvilFailedError(`anvil exited with code ${exitCode} before it was ready`, {
        details: output.trim(),
      })
    if (Date.now() > deadline) {
      await close()
      throw new DevAnvilFailedError(`anvil did not answer on ${rpcUrl} in time`, { details: output.trim() })
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { rpcUrl, port, chainId, child, exited, close }
}
