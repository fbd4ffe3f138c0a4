/**
 * The layout the docs describe is the tree on disk: every path in README.md's layout table
 * exists, every top-level folder of apps/node/src has a row, every `apps/node/src/…` or `tests/…`
 * path cited in README.md and docs/*.md exists, and the apps/node/src tree in
 * docs/architecture.md lists exactly the folders there are (wings and their rooms included).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const read = (path: string): string => readFileSync(join(root, path), 'utf8')
const exists = (path: string): boolean => existsSync(join(root, path))
const folders = (path: string): string[] =>
  readdirSync(join(root, path)).filter((name) => statSync(join(root, path, name)).isDirectory())

/** `a/{b,c}/d` → `a/b/d`, `a/c/d` (one brace group). */
function expandBraces(path: string): string[] {
  const m = /^(.*)\{([^}]+)\}(.*)$/.exec(path)
  return m ? m[2]!.split(',').map((part) => `${m[1]}${part}${m[3]}`) : [path]
}

/** Rows of the table under README.md's `## Layout`: [path cell, what cell]. */
function layoutRows(): Array<[string, string]> {
  const readme = read('README.md')
  const section = readme.slice(readme.indexOf('## Layout'))
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|')))
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim())
      return [cells[1]!, cells[2]!]
    })
}

const codeSpans = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)
const looksLikePath = (token: string): boolean =>
  /^[\w.-]+(\/[\w.-]+)*\/?$/.test(token) && (token.includes('/') || /\.\w+$/.test(token))

describe('README.md layout table', () => {
  const rows = layoutRows()

  it('has rows', () => {
    expect(rows.length).toBeGreaterThan(5)
  })

  it.each(rows)('%s exists, and so do the paths its row names', (pathCell, whatCell) => {
    const dirs = codeSpans(pathCell).flatMap(expandBraces)
    for (const dir of dirs) expect(exists(dir), dir).toBe(true)
    for (const token of codeSpans(whatCell).filter(looksLikePath)) {
      const bases = dirs.flatMap((d) => [d, dirname(d)]).concat('.')
      expect(
        bases.some((base) => exists(join(base, token))),
        `${token} (under ${dirs.join(', ')})`,
      ).toBe(true)
    }
  })

  it('has a row for every folder of apps/node/src', () => {
    const listed = new Set(rows.flatMap(([pathCell]) => codeSpans(pathCell).flatMap(expandBraces)))
    for (const name of folders('apps/node/src')) expect(listed, name).toContain(`apps/node/src/${name}`)
  })
})

describe('paths cited in the docs', () => {
  const docs = ['README.md', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
    f.endsWith('.md'),
  )
  const cited = docs.flatMap((doc) =>
    [...read(doc).matchAll(/\b(?:apps\/node\/src|tests)\/[\w./{},-]*[\w}]/g)].map(
      (m) => [doc, m[0]] as const,
    ),
  )

  it('cites some', () => {
    expect(cited.length).toBeGreaterThan(10)
  })

  it('exist', () => {
    const missing = cited.filter(([, path]) => !expandBraces(path).every(exists))
    expect(missing).toEqual([])
  })
})

describe('docs/architecture.md apps/node/src tree', () => {
  /** Folders of the tree block that starts with `apps/node/src/`: 2-space indent = top level. */
  function treeFolders(): string[] {
    const text = read('docs/architecture.md')
    const start = text.indexOf('```\napps/node/src/\n')
    expect(start).toBeGreaterThan(-1)
    const block = text.slice(start + 4, text.indexOf('```', start + 4))
    const found: string[] = []
    let parent = ''
    for (const line of block.split('\n').slice(1)) {
      const m = /^( +)([\w.-]+\/)\s/.exec(`${line} `)
      if (!m) continue
      const depth = m[1]!.length / 2
      if (depth === 1) {
        parent = `apps/node/src/${m[2]!.slice(0, -1)}`
        found.push(parent)
      } else if (depth === 2) found.push(`${parent}/${m[2]!.slice(0, -1)}`)
    }
    return found
  }

  it('lists only folders that exist', () => {
    const listed = treeFolders()
    expect(listed.filter((p) => !exists(p))).toEqual([])
  })

  it('lists every folder of apps/node/src and of each wing', () => {
    const listed = new Set(treeFolders())
    const actual = folders('apps/node/src').map((name) => `apps/node/src/${name}`)
    for (const wing of ['orchestrator', 'gateway', 'transcoder'])
      actual.push(...folders(`apps/node/src/${wing}`).map((name) => `apps/node/src/${wing}/${name}`))
    expect(actual.filter((p) => !listed.has(p))).toEqual([])
  })
})
