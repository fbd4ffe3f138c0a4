import { describe, expect, it } from 'vitest'
import { mergeOrchestratorUrls, normalizeUrl } from './orchestratorUrls.ts'

describe('mergeOrchestratorUrls', () => {
  it('keeps configured first and drops duplicates, taking the chain address', () => {
    const merged = mergeOrchestratorUrls(
      ['http://a:1/', 'http://b:2', 'http://b:2/'],
      [
        { url: 'http://a:1', source: 'chain', address: '0x0000000000000000000000000000000000000001' },
        { url: 'http://c:3', source: 'chain' },
        { url: ' ', source: 'chain' },
      ],
    )
    expect(merged).toEqual([
      { url: 'http://a:1', source: 'configured', address: '0x0000000000000000000000000000000000000001' },
      { url: 'http://b:2', source: 'configured' },
      { url: 'http://c:3', source: 'chain' },
    ])
  })

  it('normalizes urls', () => {
    expect(normalizeUrl(' http://x:1// ')).toBe('http://x:1')
  })
})
