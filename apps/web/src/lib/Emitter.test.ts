import { describe, expect, it, vi } from 'vitest'
import { Emitter } from './Emitter.ts'

describe('Emitter', () => {
  it('delivers arguments and unsubscribes', () => {
    const e = new Emitter<{ tick: [number] }>()
    const seen: number[] = []
    const off = e.on('tick', (n) => seen.push(n))
    e.emit('tick', 1)
    off()
    e.emit('tick', 2)
    expect(seen).toEqual([1])
  })
  it('keeps calling listeners after one throws', () => {
    const e = new Emitter<{ tick: [] }>()
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
    let called = false
    e.on('tick', () => {
      throw new Error('boom')
    })
    e.on('tick', () => {
      called = true
    })
    e.emit('tick')
    expect(called).toBe(true)
    spy.mockRestore()
  })
})
