import { describe, expect, it } from 'vitest'
import { WarmPool } from './WarmPool.ts'

/** A stand-in process: numbered, ready until used or killed. */
class Proc {
  static started = 0
  readonly n = ++Proc.started
  used = false
  killed = false
  get ready(): boolean {
    return !this.used && !this.killed
  }
  kill(): void {
    this.killed = true
  }
}

describe('WarmPool', () => {
  it('hands out the process started ahead for a key, starts the next, and kills the oldest past its size', () => {
    Proc.started = 0
    const pool = new WarmPool<Proc>(2)
    const take = (key: string) => {
      const p = pool.take(key, () => new Proc())
      p.used = true
      return p
    }
    expect(take('a').n).toBe(1) // none ahead: started now, 2 started ahead
    expect(take('a').n).toBe(2) // the one ahead; 3 ahead
    const b = take('b') // 4 now, 5 ahead for b
    expect(b.n).toBe(4)
    take('c') // 6 now, 7 ahead for c: a's (3) is the oldest of three and is killed
    expect(take('a').n).toBe(8)
    // one that stopped waiting (it exited) is replaced, not handed out
    const ahead: Proc[] = []
    pool.take('e', () => {
      const p = new Proc()
      ahead.push(p)
      return p
    }).used = true
    ahead[1]!.killed = true
    const next = take('e')
    expect(next).not.toBe(ahead[1])
    expect(next.killed).toBe(false)
  })

  it('kills what waits on close and keeps nothing ahead after', () => {
    const made: Proc[] = []
    const pool = new WarmPool<Proc>()
    pool.take('k', () => {
      const p = new Proc()
      made.push(p)
      return p
    })
    expect(made).toHaveLength(2)
    pool.close()
    expect(made[1]!.killed).toBe(true)
    pool.take('k', () => {
      const p = new Proc()
      made.push(p)
      return p
    })
    expect(made).toHaveLength(3)
  })
})
