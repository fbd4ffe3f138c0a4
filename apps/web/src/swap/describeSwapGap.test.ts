import { describe, expect, it } from 'vitest'
import { describeSwapGap } from './describeSwapGap.ts'

describe('describeSwapGap', () => {
  it('says nothing without a swap to another orchestrator', () => {
    expect(describeSwapGap(undefined)).toBeUndefined()
    expect(describeSwapGap({ to: undefined })).toBeUndefined()
  })

  it('says the swap is under way until the new output arrives, then the gap the viewer saw', () => {
    expect(describeSwapGap({ to: 'http://b' })).toBe('swapping orchestrator: output paused…')
    expect(describeSwapGap({ to: 'http://b', outageMs: 1234, recoverMs: 500 })).toBe(
      'swapped orchestrator: output gap 1.23 s',
    )
    // no frame from the failed node: the gap counts from the failure
    expect(describeSwapGap({ to: 'http://b', recoverMs: 800 })).toBe(
      'swapped orchestrator: output gap 0.80 s',
    )
  })
})
