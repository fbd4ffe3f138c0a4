import { describe, expect, it } from 'vitest'
import { OrchestratorPool } from './OrchestratorPool.ts'

describe('OrchestratorPool', () => {
  it('keeps configured order and drops duplicates and trailing slashes', () => {
    const pool = new OrchestratorPool(['http://a/', 'http://b', 'http://a'])
    expect(pool.candidates()).toEqual(['http://a', 'http://b'])
  })

  it('suspends for `penalty` segments, then returns the orchestrator at the back', () => {
    const pool = new OrchestratorPool(['http://a', 'http://b', 'http://c'], { penalty: 2 })
    pool.suspend('http://a')
    expect(pool.candidates()).toEqual(['http://b', 'http://c'])
    expect(pool.isSuspended('http://a')).toBe(true)
    pool.tick()
    expect(pool.candidates()).toEqual(['http://b', 'http://c'])
    pool.tick()
    expect(pool.candidates()).toEqual(['http://b', 'http://c', 'http://a'])
    expect(pool.list().find((e) => e.uri === 'http://a')?.failures).toBe(1)
  })

  it('falls back to the least suspended when all are suspended', () => {
    const pool = new OrchestratorPool(['http://a', 'http://b'], { penalty: 3 })
    pool.suspend('http://a')
    pool.tick()
    pool.suspend('http://b')
    expect(pool.candidates()).toEqual(['http://a', 'http://b'])
  })

  it('adds discovered orchestrators after the configured ones', () => {
    const pool = new OrchestratorPool(['http://a'])
    pool.add(['http://c', 'http://a/'])
    expect(pool.candidates()).toEqual(['http://a', 'http://c'])
  })
})
