/**
 * The docs' commands work as written: every shell block marked ` ```sh test ` in README.md and
 * docs/*.md is run, in order, one bash per file, from the repository root (so a file's blocks share
 * background jobs and variables, as a reader's terminal would), and must exit 0. Some files' output
 * is checked further: `prism --version` and the roles' help in the README; in docs/recipes.md the
 * paid gateway on the dev chain (`prism dev` up to "running", a funded dev key, an RTMP push with
 * audio, the master playlist with the source rendition, the per-segment line with its fee, and an
 * off-chain gateway's start-up error against the paid orchestrator). Also: every flag that
 * `prism orchestrator --help` and `prism gateway --help` print is in docs/orchestrator.md and
 * docs/gateway.md.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../../..')

/** The ` ```sh test ` blocks of one markdown text, in order. */
function testBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh test\n([\s\S]*?)^```$/gm)].map((m) => m[1]!)
}

/** Runs `script` with bash in the repository root; kills its whole process group at the end. */
function runBash(script: string, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  const child = spawn('bash', ['-e', '-c', script], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal)
    } catch {
      // the group is gone
    }
  }
  const timer = setTimeout(() => killGroup('SIGTERM'), timeoutMs)
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer)
      // whatever the script left running (e.g. after a failed step) goes too
      killGroup('SIGTERM')
      setTimeout(() => {
        killGroup('SIGKILL')
        resolve({ code, out })
      }, 2000)
    }),
  )
}

/** The ports among `ports` that something on 127.0.0.1 already listens on. */
async function busyPorts(ports: readonly number[]): Promise<number[]> {
  const busy: number[] = []
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (!free) busy.push(port)
  }
  return busy
}

/** Ports a file's blocks bind (the recipe's defaults). */
const PORTS: Record<string, number[]> = { 'docs/recipes.md': [8545, 8935, 1935, 9935, 1936, 9936] }

/** The last lines of a log the recipe writes, for a failure's message. */
function tail(file: string): string {
  const path = join(root, file)
  return existsSync(path) ? `\n--- ${file}\n${readFileSync(path, 'utf8').slice(-3000)}` : ''
}

const files = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]
const scripts = files
  .map((file) => ({ file, blocks: testBlocks(readFileSync(join(root, file), 'utf8')) }))
  .filter((f) => f.blocks.length > 0)

/** Further checks of a file's output. */
const expectations: Record<string, (out: string) => void> = {
  'README.md': (out) => {
    expect(out).toMatch(/^prism \d+\.\d+\.\d+$/m)
    expect(out).toContain('Usage: prism orchestrator')
    expect(out).toContain('Usage: prism gateway')
  },
  'docs/recipes.md': (out) => {
    expect(out).toContain('source/index.m3u8')
    expect(out).toMatch(
      /^gateway: segment mystream\/0 \S+ by http:\/\/127\.0\.0\.1:8935 paid [1-9]\d* wei \([\d.]+ ETH\)$/m,
    )
    expect(out).toMatch(/^prism gateway: error: orchestrator http:\/\/127\.0\.0\.1:8935 wants payment/m)
  },
}

describe('the docs commands', () => {
  it('finds the marked blocks (the README and the paid-gateway recipe at least)', () => {
    expect(scripts.map((s) => s.file)).toEqual(expect.arrayContaining(['README.md', 'docs/recipes.md']))
  })

  for (const { file, blocks } of scripts) {
    it(`${file}: its ${blocks.length} marked block(s) run as written`, { timeout: 150_000 }, async () => {
      const busy = await busyPorts(PORTS[file] ?? [])
      expect(busy, `ports in use (stop what holds them: ss -ltnp): ${busy.join(', ')}`).toEqual([])
      const { code, out } = await runBash(blocks.join('\n'), 140_000)
      const logs = file === 'docs/recipes.md' ? tail('.prism/dev.log') + tail('.prism/gateway.log') : ''
      expect(code, `${out}${logs}`).toBe(0)
      expectations[file]?.(out)
    })
  }

  for (const role of ['orchestrator', 'gateway']) {
    it(`docs/${role}.md lists every flag of prism ${role} --help`, async () => {
      const { code, out } = await runBash(`./node_modules/.bin/prism ${role} --help`, 60_000)
      expect(code).toBe(0)
      const flags = [...out.matchAll(/^ {2}(-[A-Za-z]+)\b/gm)].map((m) => m[1]!)
      expect(flags.length).toBeGreaterThan(10)
      const doc = readFileSync(join(root, `docs/${role}.md`), 'utf8')
      expect(flags.filter((f) => !doc.includes(`\`${f}\``))).toEqual([])
    })
  }
})
