import { describe, expect, it } from 'vitest'
import { TrickleChannel } from './TrickleChannel.ts'
import { TrickleSegment } from './TrickleSegment.ts'

describe('TrickleSegment', () => {
  it('gives a late subscriber the buffered bytes, then the live ones and the end', () => {
    const seg = new TrickleSegment(0)
    seg.write(Buffer.from('ab'))
    const got: string[] = []
    let ended = false
    seg.subscribe({ data: (c) => got.push(Buffer.from(c).toString()), end: () => (ended = true) })
    seg.write(Buffer.from('cd'))
    seg.close()
    seg.write(Buffer.from('ignored'))
    expect([got, ended, Buffer.from(seg.bytesSoFar()).toString()]).toEqual([['ab', 'cd'], true, 'abcd'])
  })
})

describe('TrickleChannel', () => {
  it('keeps a ring of 5, resolves -1 and -2, pre-creates only the next write index', () => {
    const ch = new TrickleChannel('c', 'video/MP2T', 0)
    expect(ch.forRead(1)).toBeDefined() // before the first write, 1 may be waited on
    for (let i = 0; i < 6; i++) {
      ch.forWrite(i).close()
      ch.wrote(i, i)
    }
    expect([ch.nextWrite, ch.resolve(-1), ch.resolve(-2)]).toEqual([6, 6, 5])
    expect(ch.get(0)).toBeUndefined() // replaced by 5 in its slot
    expect(ch.get(1)?.idx).toBe(1)
    expect(ch.forRead(9)).toBeUndefined()
    expect(ch.forRead(6)?.idx).toBe(6)
    ch.close()
    expect([ch.closed, ch.get(6)?.closed, ch.forRead(7)]).toEqual([true, true, undefined])
  })
})
