/**
 * The committed packages/protocol/src/wire/gen/net_pb.ts is exactly what `npm run gen:proto`
 * makes from packages/protocol/proto/net.proto (buf + protoc-gen-es, then biome), so the two
 * cannot drift. Skipped, with a message, only where the buf binary is not installed.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const pkg = join(root, 'packages/protocol')
const bin = join(root, 'node_modules/.bin')
const GENERATED = 'src/wire/gen/net_pb.ts'

function bufWorks(): boolean {
  try {
    execFileSync(join(bin, 'buf'), ['--version'], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

const hasBuf = existsSync(join(bin, 'buf')) && bufWorks()
if (!hasBuf)
  console.warn('wireProtoCodegen: the buf binary (@bufbuild/buf) is not installed; skipping the drift check')

describe.skipIf(!hasBuf)('net.proto code generation', () => {
  const out = mkdtempSync(join(tmpdir(), 'prism-proto-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('regenerates net_pb.ts byte for byte', () => {
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` }
    execFileSync(join(bin, 'buf'), ['generate', 'proto', '--template', 'proto/buf.gen.yaml', '-o', out], {
      cwd: pkg,
      env,
      stdio: 'pipe',
    })
    const formatted = execFileSync(
      join(bin, 'biome'),
      ['check', '--write', `--stdin-file-path=packages/protocol/${GENERATED}`],
      { cwd: root, env, input: readFileSync(join(out, GENERATED)), stdio: 'pipe' },
    ).toString()
    expect(formatted).toBe(readFileSync(join(pkg, GENERATED), 'utf8'))
  })
})
