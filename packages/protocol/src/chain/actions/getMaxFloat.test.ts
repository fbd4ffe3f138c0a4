import { describe, expect, it } from 'vitest'
import { computeMaxFloat, type MaxFloatInputs } from './getMaxFloat.ts'

const base: MaxFloatInputs = {
  deposit: 1000n,
  reserve: 400n,
  claimedInCurrentRound: 0n,
  poolSize: 2n,
  claimedReserve: 0n,
  pendingAmount: 0n,
}

describe('computeMaxFloat (docs/protocol.md §2.4)', () => {
  it('gives each active orchestrator an equal share of the reserve', () => {
    expect(computeMaxFloat(base)).toEqual({ reserveAlloc: 200n, maxFloat: 200n, availableFunds: 1200n })
  })

  it('counts the reserve claimed this round in the share and subtracts what this recipient took', () => {
    const r = computeMaxFloat({ ...base, reserve: 200n, claimedInCurrentRound: 200n, claimedReserve: 150n })
    expect(r.reserveAlloc).toBe(50n)
    expect(computeMaxFloat({ ...base, claimedReserve: 300n }).reserveAlloc).toBe(0n)
  })

  it('keeps the whole allocation when the deposit covers three times the pending amount', () => {
    expect(computeMaxFloat({ ...base, pendingAmount: 300n }).maxFloat).toBe(200n)
    expect(computeMaxFloat({ ...base, deposit: 500n, pendingAmount: 200n }).maxFloat).toBe(0n)
    expect(computeMaxFloat({ ...base, deposit: 500n, pendingAmount: 50n }).maxFloat).toBe(200n)
    expect(computeMaxFloat({ ...base, deposit: 100n, pendingAmount: 50n }).maxFloat).toBe(150n)
  })

  it('is 0 with an empty pool and never negative', () => {
    expect(computeMaxFloat({ ...base, poolSize: 0n })).toEqual({
      reserveAlloc: 0n,
      maxFloat: 0n,
      availableFunds: 1000n,
    })
    expect(computeMaxFloat({ ...base, deposit: 0n, pendingAmount: 5000n })).toMatchObject({
      maxFloat: 0n,
      availableFunds: 0n,
    })
  })
})
