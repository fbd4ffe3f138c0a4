import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { defaultMaxSessions, SESSIONS_PER_CORE } from './defaultMaxSessions.ts'
import { parseFlags } from './flags.ts'
import { ORCHESTRATOR_FLAGS } from './orchestrator.ts'

describe('defaultMaxSessions', () => {
  it('is the per-core figure times the cores', () => {
    expect(defaultMaxSessions(1)).toBe(SESSIONS_PER_CORE)
    expect(defaultMaxSessions(2)).toBe(2 * SESSIONS_PER_CORE)
    expect(defaultMaxSessions(64)).toBe(64 * SESSIONS_PER_CORE)
  })

  it('follows this machine when no core count is given', () => {
    expect(defaultMaxSessions()).toBe(SESSIONS_PER_CORE * availableParallelism())
  })

  it('gives one core’s worth for a core count that makes no sense', () => {
    expect(defaultMaxSessions(0)).toBe(SESSIONS_PER_CORE)
    expect(defaultMaxSessions(Number.NaN)).toBe(SESSIONS_PER_CORE)
  })
})

describe('-maxSessions', () => {
  it('defaults to the machine’s figure; an explicit flag or PRISM_MAX_SESSIONS wins', () => {
    expect(parseFlags([], ORCHESTRATOR_FLAGS, {}).maxSessions).toBe(defaultMaxSessions())
    expect(parseFlags(['-maxSessions', '40'], ORCHESTRATOR_FLAGS, {}).maxSessions).toBe(40)
    expect(parseFlags([], ORCHESTRATOR_FLAGS, { PRISM_MAX_SESSIONS: '2' }).maxSessions).toBe(2)
  })

  it('states the rule in --help', () => {
    expect(ORCHESTRATOR_FLAGS.maxSessions.help).toContain(`${SESSIONS_PER_CORE} per core`)
  })
})
