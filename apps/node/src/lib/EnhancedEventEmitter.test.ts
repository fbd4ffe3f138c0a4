import { describe, expect, it } from 'vitest'
import { EnhancedEventEmitter } from './EnhancedEventEmitter.ts'

describe('EnhancedEventEmitter.safeEmit', () => {
  it('keeps calling listeners after one throws and reports it as listenererror', () => {
    const e = new EnhancedEventEmitter<{ tick: [number]; listenererror: [string, unknown] }>()
    const seen: number[] = []
    const errors: string[] = []
    e.on('listenererror', (event) => errors.push(event))
    e.on('tick', () => {
      throw new Error('boom')
    })
    e.on('tick', (n) => seen.push(n))
    expect(() => e.safeEmit('tick', 3)).not.toThrow()
    expect(seen).toEqual([3])
    expect(errors).toEqual(['tick'])
  })
})
