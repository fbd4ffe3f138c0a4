import { describe, expect, it } from 'vitest'
import { MessageInvalidError } from '../errors/message.ts'
import { decodePaymentChannelEvent, decodePaymentChannelMessage } from './paymentChannel.ts'

const ticketParams = {
  recipient: '0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F',
  faceValue: '1200000000000000',
  winProb: '7719472615821079694904732333912527190217998977709370935963838960',
  recipientRandHash: `0x${'11'.repeat(32)}`,
  seed: '0x01',
  expirationBlock: '100',
  expirationParams: { creationRound: '1', creationRoundBlockHash: `0x${'22'.repeat(32)}` },
}

describe('decodePaymentChannelMessage', () => {
  it('decodes a payment with padded base64', () => {
    expect(decodePaymentChannelMessage({ v: 1, type: 'payment', seq: 3, payment: 'CgIIAQ==' })).toEqual({
      v: 1,
      type: 'payment',
      seq: 3,
      payment: 'CgIIAQ==',
    })
  })

  it('rejects unpadded or url-safe base64 and bad seq', () => {
    expect(() => decodePaymentChannelMessage({ v: 1, type: 'payment', seq: 3, payment: 'CgIIAQ' })).toThrow(
      /at payment/,
    )
    expect(() => decodePaymentChannelMessage({ v: 1, type: 'payment', seq: 3, payment: 'Cg-_AQ==' })).toThrow(
      /at payment/,
    )
    expect(() => decodePaymentChannelMessage({ v: 1, type: 'payment', seq: 1.5, payment: '' })).toThrow(
      /at seq/,
    )
  })
})

describe('decodePaymentChannelEvent', () => {
  it('decodes every event type', () => {
    const events = [
      {
        v: 1,
        type: 'balance',
        balance: '-1200.5',
        credited: '32000000000',
        debited: '24429081600',
        pricePerUnit: '1200',
        pixelsPerUnit: '1',
      },
      { v: 1, type: 'paymentAck', seq: 1, accepted: 4, winners: 0 },
      { v: 1, type: 'paymentError', seq: 2, code: 'TICKET_SIG_INVALID', message: 'invalid ticket signature' },
      { v: 1, type: 'paymentError', code: 'PAYMENT_DECODE_FAILED', message: 'malformed payment' },
      { v: 1, type: 'ticketParams', ticketParams, price: { pricePerUnit: '1200', pixelsPerUnit: '1' } },
      { v: 1, type: 'paused', reason: 'balance below zero' },
      { v: 1, type: 'resumed' },
      { v: 1, type: 'closing', reason: 'unpaid' },
    ]
    for (const e of events) expect(decodePaymentChannelEvent(JSON.stringify(e))).toEqual(e)
  })

  it('rejects malformed events with the path', () => {
    expect(() =>
      decodePaymentChannelEvent({
        v: 1,
        type: 'balance',
        balance: '1e5',
        credited: '0',
        debited: '0',
        pricePerUnit: '1',
        pixelsPerUnit: '1',
      }),
    ).toThrow(/at balance/)
    expect(() =>
      decodePaymentChannelEvent({
        v: 1,
        type: 'ticketParams',
        ticketParams: { ...ticketParams, seed: '0x1' },
        price: { pricePerUnit: '1', pixelsPerUnit: '1' },
      }),
    ).toThrow(/at ticketParams\.seed/)
    expect(() => decodePaymentChannelEvent({ v: 1, type: 'paymentAck', seq: 1, accepted: 1 })).toThrow(
      MessageInvalidError,
    )
  })
})
