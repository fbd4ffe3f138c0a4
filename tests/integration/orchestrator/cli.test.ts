/**
 * `prism orchestrator` as a process: --help lists the flags with defaults; the node listens on
 * -httpAddr, serves a valid /info advertising its service URI, and exits 0 on SIGTERM.
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { decodeOrchestratorInfo } from '@prism/protocol'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..', '..')
const bin = join(root, 'apps/node/bin/prism.js')

describe('prism orchestrator', () => {
  it('prints the version of apps/node on --version', async () => {
    const { version } = JSON.parse(await readFile(join(root, 'apps/node/package.json'), 'utf8'))
    for (const arg of ['--version', '-v']) {
      const { stdout } = await promisify(execFile)(process.execPath, [bin, arg])
      expect(stdout).toBe(`prism ${version}\n`)
    }
  })

  it('prints its flags with defaults on --help', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'orchestrator', '--help'])
    for (const flag of [
      '-serviceAddr',
      '-httpAddr',
      '-maxSessions',
      '-transcodingOptions',
      '-nvidia',
      '-dataDir',
      '-monitor',
      '-adminToken',
      '-corsOrigins',
      '-tlsCert',
      '-tlsKey',
    ])
      expect(stdout).toContain(flag)
    expect(stdout).toContain('(default: 10)')
    expect(stdout).toContain('PRISM_MAX_SESSIONS')
  })

  it('serves /info on -httpAddr with its service URI and stops on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'prism-cli-'))
    const child = spawn(
      process.execPath,
      [
        bin,
        'orchestrator',
        '-httpAddr',
        'http://127.0.0.1:0',
        '-dataDir',
        dataDir,
        '-nvidia',
        'none',
        '-maxSessions',
        '3',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, PRISM_LOG_LEVEL: 'info' },
      },
    )
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buf = ''
        const t = setTimeout(() => reject(new Error(`no listening line: ${buf}`)), 30_000)
        child.stderr.on('data', (c: Buffer) => {
          buf += c.toString()
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buf)
          if (m) {
            clearTimeout(t)
            resolve(m[1]!)
          }
        })
      })
      const info = decodeOrchestratorInfo(await (await fetch(`${url}/info`)).json())
      expect(info.serviceURI).toBe(url)
      expect(info.capacity.maxSessions).toBe(3)
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
      await exited
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
