/**
 * The repo's docs stand alone: README.md, docs/*.md, the package READMEs and the source comments
 * cite no file outside the repository (no ../shared, no ARCHITECTURE.md, PROTOCOL.md,
 * ENVIRONMENT.md, LIVEPEER-WIRE.md or STYLE.md), relative links between the docs resolve, and
 * every `protocol.md §x` or `docs/<file>.md "Section"` a doc or a comment cites names a heading
 * that exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const OUTSIDE =
  /\.\.\/shared|\/work\/shared|\b(?:ARCHITECTURE|PROTOCOL|ENVIRONMENT|LIVEPEER-WIRE|STYLE)\.md\b/
const SKIP = new Set(['node_modules', 'dist', '.tsbuild', 'artifacts', 'test-results', 'fixtures'])
const SOURCE = /\.(ts|tsx|js|mjs|sol|sh)$/

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* walk(path)
    else yield relative(root, path)
  }
}

const read = (path: string): string => readFileSync(join(root, path), 'utf8')
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...['packages/protocol/README.md', 'packages/gpu/README.md'].filter((f) => existsSync(join(root, f))),
]
const sources = ['apps', 'packages', 'tests', 'scripts']
  .flatMap((dir) => [...walk(join(root, dir))].filter((f) => SOURCE.test(f)))
  .filter((f) => f !== relative(root, import.meta.filename))

/** Headings of a markdown file, without their `#` marks. */
const headings = (path: string): string[] =>
  read(path)
    .split('\n')
    .filter((line) => /^#{1,4} /.test(line))
    .map((line) => line.replace(/^#+ /, ''))

/** Section numbers of docs/protocol.md (`## 2. …` → `2`, `### 2.6 …` → `2.6`). */
const protocolSections = new Set(
  headings('docs/protocol.md')
    .map((h) => /^(\d+(?:\.\d+)?)\.?\s/.exec(h)?.[1])
    .filter((n): n is string => n !== undefined),
)

/** Every `[file, citation]` of a `protocol.md §…` reference (lists and ranges expanded). */
function protocolCitations(files: string[]): Array<[string, string]> {
  return files.flatMap((file) =>
    [...read(file).matchAll(/protocol\.md\)? \(?(§[\d.]+(?:(?:[–-]|, §|\/§)[\d.]+)*)/g)].flatMap((m) =>
      [...m[1]!.matchAll(/\d+(?:\.\d+)?/g)].map((n) => [file, n[0]] as [string, string]),
    ),
  )
}

describe('docs stand alone', () => {
  it('docs cite no file outside the repo', () => {
    expect(docs.filter((f) => OUTSIDE.test(read(f)))).toEqual([])
  })

  it('sources cite no doc outside the repo', () => {
    expect(sources.length).toBeGreaterThan(100)
    expect(sources.filter((f) => OUTSIDE.test(read(f)))).toEqual([])
  })

  it('relative links between docs resolve', () => {
    const broken = docs.flatMap((file) =>
      [...read(file).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => !existsSync(join(root, dirname(file), target)))
        .map((target) => `${file} → ${target}`),
    )
    expect(broken).toEqual([])
  })
})

describe('section references', () => {
  it('docs/protocol.md has numbered sections', () => {
    for (const n of ['0', '1.1', '2.2', '4.5', '5.2', '10', '11']) expect(protocolSections).toContain(n)
  })

  it('every protocol.md § a doc or a comment cites exists', () => {
    const citations = protocolCitations([...docs, ...sources])
    expect(citations.length).toBeGreaterThan(50)
    expect(citations.filter(([, n]) => !protocolSections.has(n))).toEqual([])
  })

  it('every docs/<file>.md "Section" a comment cites exists', () => {
    const cited = [...docs, ...sources].flatMap((file) =>
      [...read(file).matchAll(/docs\/([\w-]+\.md) "([^"]+)"/g)].map((m) => [file, m[1]!, m[2]!] as const),
    )
    expect(cited.length).toBeGreaterThan(0)
    const missing = cited.filter(([, doc, section]) => !headings(`docs/${doc}`).includes(section))
    expect(missing).toEqual([])
  })
})
