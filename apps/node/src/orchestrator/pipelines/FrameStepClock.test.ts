/** FrameStepClock: the `decode` and `encode` steps from arrival and write times. */
import { describe, expect, it } from 'vitest'
import { FrameStepClock } from './FrameStepClock.ts'

describe('FrameStepClock', () => {
  it('measures decode from the first packet of the input frame', () => {
    const clock = new FrameStepClock()
    clock.packetArrived(9000, 100)
    clock.packetArrived(9000, 104) // a later packet of the same frame does not move its arrival
    clock.packetArrived(12000, 133)
    expect(clock.decodeMs(9000, 110)).toBe(10)
    expect(clock.decodeMs(12000, 140)).toBe(7)
    expect(clock.decodeMs(15000, 150)).toBeUndefined() // never arrived
    expect(clock.decodeMs(undefined, 150)).toBeUndefined() // input timestamp not known yet
  })

  it('forgets the oldest arrivals beyond its history', () => {
    const clock = new FrameStepClock()
    for (let i = 0; i < 300; i++) clock.packetArrived(i * 3000, i)
    expect(clock.decodeMs(0, 500)).toBeUndefined()
    expect(clock.decodeMs(299 * 3000, 300)).toBe(1)
  })

  it('measures encode on the first packet of each encoded frame, in write order', () => {
    const clock = new FrameStepClock()
    clock.frameWritten(10)
    clock.frameWritten(43)
    expect(clock.encodedPacket(1000, 12)).toBe(2)
    expect(clock.encodedPacket(1000, 13)).toBeUndefined() // same frame, next packet
    expect(clock.encodedPacket(4000, 50)).toBe(7)
    expect(clock.encodedPacket(7000, 60)).toBeUndefined() // nothing written for it
  })
})
