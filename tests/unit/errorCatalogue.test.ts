/**
 * Keeps docs/errors.md and the error codes in the sources in sync. Codes live in files named
 * `errors.ts` or inside `errors/` folders, as UPPER_SNAKE_CASE string literals (see docs/errors.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const SOURCE_ROOTS = ['packages/protocol/src', 'packages/gpu/src', 'apps/node/src', 'apps/web/src']
const CODE = /['"]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"]/g
const COMMENTS = /\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* walk(path)
    else yield path
  }
}

function isErrorFile(path: string): boolean {
  const rel = relative(root, path)
  if (!/\.tsx?$/.test(rel) || /\.test\.tsx?$/.test(rel)) return false
  return /(^|\/)errors\.ts$/.test(rel) || /(^|\/)errors\//.test(rel)
}

function codesInSources(): Map<string, string> {
  const codes = new Map<string, string>()
  for (const dir of SOURCE_ROOTS) {
    for (const file of walk(join(root, dir))) {
      if (!isErrorFile(file)) continue
      for (const m of readFileSync(file, 'utf8').replace(COMMENTS, '').matchAll(CODE))
        codes.set(m[1]!, relative(root, file))
    }
  }
  return codes
}

function codesInCatalogue(): Set<string> {
  const md = readFileSync(join(root, 'docs/errors.md'), 'utf8')
  return new Set([...md.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]!))
}

describe('error catalogue (docs/errors.md)', () => {
  it('documents every code used in the sources', () => {
    const documented = codesInCatalogue()
    const missing = [...codesInSources()]
      .filter(([code]) => !documented.has(code))
      .map(([c, f]) => `${c} (${f})`)
    expect(missing).toEqual([])
  })

  it('lists no code that the sources no longer use', () => {
    const used = codesInSources()
    expect([...codesInCatalogue()].filter((code) => !used.has(code))).toEqual([])
  })
})
