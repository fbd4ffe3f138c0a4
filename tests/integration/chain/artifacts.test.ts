/**
 * The committed contract artifacts (contracts/artifacts/*.json) and the generated TypeScript
 * (src/chain/abis.ts, src/chain/bytecode.ts) match a fresh solc compile of contracts/src.
 * Fails after a Solidity edit until `npx tsx packages/protocol/contracts/compile.ts` is rerun.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as protocol from '@prism/protocol'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  abiExportName,
  CONTRACT_NAMES,
  type CompiledContract,
  compileContracts,
} from '../../../packages/protocol/contracts/compile.ts'

const artifactsDir = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'packages',
  'protocol',
  'contracts',
  'artifacts',
)

describe('contract artifacts', () => {
  let compiled: CompiledContract[]
  beforeAll(() => {
    compiled = compileContracts()
  })

  it.each(CONTRACT_NAMES)('artifacts/%s.json matches the sources', (name) => {
    const fresh = compiled.find((c) => c.contractName === name)!
    const committed = JSON.parse(readFileSync(join(artifactsDir, `${name}.json`), 'utf8')) as CompiledContract
    expect(committed.abi).toEqual(fresh.abi)
    expect(committed.bytecode).toBe(fresh.bytecode)
  })

  it.each(CONTRACT_NAMES)('the exported ABI and bytecode of %s match the sources', (name) => {
    const fresh = compiled.find((c) => c.contractName === name)!
    const exported = (protocol as unknown as Record<string, unknown>)[abiExportName(name)]
    expect(exported).toEqual(fresh.abi)
    expect(protocol.contractBytecode[name]).toBe(fresh.bytecode)
  })
})
