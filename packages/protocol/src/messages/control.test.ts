import { describe, expect, it } from 'vitest'
import { MessageInvalidError } from '../errors/message.ts'
import { decodeControlEvent, decodeControlMessage } from './control.ts'

describe('decodeControlMessage', () => {
  it('decodes each message type', () => {
    expect(
      decodeControlMessage({ v: 1, type: 'update', stage: 0, params: { a: 1, b: true, c: 's' } }),
    ).toEqual({
      v: 1,
      type: 'update',
      stage: 0,
      params: { a: 1, b: true, c: 's' },
    })
    expect(
      decodeControlMessage({ v: 1, type: 'setStage', stage: 1, model: 'builtin:blur', params: {} }),
    ).toMatchObject({
      type: 'setStage',
    })
    const sp = decodeControlMessage({
      v: 1,
      type: 'setPipeline',
      pipeline: { version: 1, kind: 'transcode' },
    })
    expect(sp.type === 'setPipeline' && sp.pipeline).toMatchObject({ returnProfile: 'P360p30fps16x9' })
    expect(decodeControlMessage('{"v":1,"type":"ping","t":5}')).toEqual({ v: 1, type: 'ping', t: 5 })
  })

  it('rejects malformed messages with the path', () => {
    expect(() => decodeControlMessage({ v: 1, type: 'update', stage: -1, params: {} })).toThrow(/at stage/)
    expect(() =>
      decodeControlMessage({ v: 1, type: 'setPipeline', pipeline: { version: 1, kind: 'ai' } }),
    ).toThrow(/at pipeline\.width/)
    expect(() => decodeControlMessage({ v: 2, type: 'ping', t: 1 })).toThrow(MessageInvalidError)
    expect(() => decodeControlMessage({ v: 1, type: 'reboot' })).toThrow(/at type/)
  })
})

describe('decodeControlEvent', () => {
  it('decodes each event type', () => {
    expect(decodeControlEvent({ v: 1, type: 'loading', stage: 0, model: 'builtin:a' })).toMatchObject({
      type: 'loading',
    })
    expect(decodeControlEvent({ v: 1, type: 'ready' })).toEqual({ v: 1, type: 'ready' })
    expect(decodeControlEvent({ v: 1, type: 'error', code: 'CHAIN_RUN_FAILED', message: 'x' })).toMatchObject(
      { type: 'error' },
    )
    expect(
      decodeControlEvent({ v: 1, type: 'stats', fpsIn: 30, fpsOut: 29.5, dropped: 1, stageMs: [1.5, 2] }),
    ).toMatchObject({
      stageMs: [1.5, 2],
    })
    expect(decodeControlEvent({ v: 1, type: 'pong', t: 9 })).toEqual({ v: 1, type: 'pong', t: 9 })
    expect(decodeControlEvent('{"v":1,"type":"paused","reason":"awaiting prepayment"}')).toEqual({
      v: 1,
      type: 'paused',
      reason: 'awaiting prepayment',
    })
    expect(decodeControlEvent({ v: 1, type: 'resumed', reason: 'prepaid' })).toMatchObject({
      type: 'resumed',
    })
  })

  it('rejects malformed events with the path', () => {
    expect(() =>
      decodeControlEvent({ v: 1, type: 'stats', fpsIn: 30, fpsOut: 30, dropped: 0, stageMs: ['1'] }),
    ).toThrow(/at stageMs\.0/)
    expect(() => decodeControlEvent({ v: 1, type: 'error', code: 'X' })).toThrow(/at message/)
  })
})
