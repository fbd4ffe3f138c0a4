/**
 * `prism dev` as a user runs it: a real process that starts anvil, deploys, prints the RPC URL and
 * addresses, writes the deployment file, and stops anvil on SIGTERM; a taken port fails clearly.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeDeployment, ticketBrokerAbi } from '@prism/protocol'
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../apps/node/src/lib/freePort.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const prism = join(root, 'apps', 'node', 'bin', 'prism.js')

type Run = { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> }

function runPrism(args: string[]): Run {
  // The chain alone: no web app (PRISM_WEB_PORT=0), so no fixed port is needed besides the RPC.
  const child = spawn(process.execPath, [prism, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PRISM_WEB_PORT: '0' },
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, stdout: () => stdout, stderr: () => stderr, exit }
}

async function waitFor(run: Run, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!run.stdout().includes(text)) {
    if (run.child.exitCode !== null)
      throw new Error(`prism dev exited early:\n${run.stdout()}\n${run.stderr()}`)
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for "${text}":\n${run.stdout()}\n${run.stderr()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  try {
    await createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 1000 }) }).getChainId()
    return true
  } catch {
    return false
  }
}

describe('prism dev', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'prism-dev-'))
  })
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('prints the RPC URL and addresses, writes the deployment file, and stops anvil on SIGTERM', async () => {
    const port = await freePort()
    const run = runPrism(['dev', '-rpcPort', String(port), '-dataDir', dataDir, '-roundLength', '10'])
    try {
      await waitFor(run, 'press Ctrl-C to stop')
      const rpcUrl = `http://127.0.0.1:${port}`
      expect(run.stdout()).toContain(`RPC URL          ${rpcUrl}`)

      const deployment = decodeDeployment(
        JSON.parse(await readFile(join(dataDir, 'deployment.json'), 'utf8')),
      )
      expect(deployment.rpcUrl).toBe(rpcUrl)
      expect(deployment.roundLength).toBe(10)
      for (const [name, address] of Object.entries(deployment.contracts)) {
        const label = name[0]!.toUpperCase() + name.slice(1)
        expect(run.stdout()).toMatch(new RegExp(`${label}\\s+${address}`))
      }
      expect(run.stdout()).toContain(deployment.accounts!.orchestrator.address)

      const client = createPublicClient({ transport: http(rpcUrl) })
      expect(await client.getCode({ address: deployment.contracts.ticketBroker })).toMatch(
        /^0x[0-9a-f]{100,}/,
      )
      const [sender] = await client.readContract({
        address: deployment.contracts.ticketBroker,
        abi: ticketBrokerAbi,
        functionName: 'getSenderInfo',
        args: [deployment.accounts!.gateways[0]!.address],
      })
      expect(sender.deposit).toBeGreaterThan(0n)

      run.child.kill('SIGTERM')
      expect(await run.exit).toBe(0)
      expect(run.stdout()).toContain('prism dev: stopped')
      expect(await rpcAnswers(rpcUrl)).toBe(false)
    } finally {
      if (run.child.exitCode === null) {
        run.child.kill('SIGKILL')
        await run.exit
      }
    }
  })

  it('exits non-zero with DEV_PORT_IN_USE when the RPC port is taken', async () => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      const run = runPrism(['dev', '-rpcPort', String(port), '-dataDir', dataDir])
      expect(await run.exit).toBe(1)
      expect(run.stderr()).toContain('DEV_PORT_IN_USE')
      expect(run.stderr()).toContain(`port ${port}`)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('Ctrl-C during start-up stops anvil too (exit 130, the RPC port is free again)', async () => {
    const port = await freePort()
    const run = runPrism(['dev', '-rpcPort', String(port), '-dataDir', dataDir])
    try {
      // The chain is up and the orchestrator is starting: the old code had no SIGINT handler yet.
      await waitFor(run, 'local chain ready')
      run.child.kill('SIGINT')
      expect(await run.exit).toBe(130)
      expect(run.stdout()).toContain('interrupted during start-up')
      expect(await rpcAnswers(`http://127.0.0.1:${port}`)).toBe(false)
    } finally {
      if (run.child.exitCode === null) {
        run.child.kill('SIGKILL')
        await run.exit
      }
    }
  })

  it('reclaims the port from an anvil that a killed prism dev left behind', async () => {
    const port = await freePort()
    const rpcUrl = `http://127.0.0.1:${port}`
    const first = runPrism(['dev', '-rpcPort', String(port), '-dataDir', dataDir])
    await waitFor(first, 'local chain ready')
    // kill -9: no handler runs, anvil (own process group) stays on the port.
    first.child.kill('SIGKILL')
    await first.exit
    expect(await rpcAnswers(rpcUrl)).toBe(true)
    const second = runPrism(['dev', '-rpcPort', String(port), '-dataDir', dataDir])
    try {
      await waitFor(second, 'press Ctrl-C to stop')
      expect(second.stdout()).toMatch(/stopped the anvil \(pid \d+\) an earlier prism dev left on port/)
      second.child.kill('SIGTERM')
      expect(await second.exit).toBe(0)
      expect(await rpcAnswers(rpcUrl)).toBe(false)
    } finally {
      if (second.child.exitCode === null) {
        second.child.kill('SIGKILL')
        await second.exit
      }
    }
  })
})
