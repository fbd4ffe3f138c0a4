import { describe, expect, it } from 'vitest'
import { OutputWatchdog } from './outputWatchdog.ts'

describe('OutputWatchdog', () => {
  it('is quiet before start', () => {
    expect(new OutputWatchdog().isStalled(1e9)).toBe(false)
  })
  it('waits firstFrameMs for the first frame', () => {
    const dog = new OutputWatchdog({ stallMs: 100, firstFrameMs: 1000 })
    dog.start(0)
    expect(dog.isStalled(900)).toBe(false)
    expect(dog.isStalled(1001)).toBe(true)
  })
  it('flags a gap longer than stallMs after frames flowed', () => {
    const dog = new OutputWatchdog({ stallMs: 100, firstFrameMs: 1000 })
    dog.start(0)
    dog.handleFrame(10)
    expect(dog.isStalled(100)).toBe(false)
    expect(dog.isStalled(111)).toBe(true)
    dog.handleFrame(120)
    expect(dog.isStalled(150)).toBe(false)
  })
})
