import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PaymentDecodeFailedError } from '../errors/payment.ts'
import { toHex } from '../utils/bytes.ts'
import { decodePayment } from './decodePayment.ts'
import { encodePayment } from './encodePayment.ts'
import type { Payment } from './Payment.ts'
import { fromBase64, paymentFromHeader, paymentToHeader, toBase64 } from './paymentHeader.ts'

const sig = `0x${'ab'.repeat(64)}1b` as const
const payment: Payment = {
  ticketParams: {
    recipient: '0x73aed7b5deb30222fa896f399d46cc99c7bee57f',
    faceValue: 1_200_000_000_000_000n,
    winProb: 771947261582107969490473233391252719021799897770937093596383896000000000n,
    recipientRandHash: '0xc65a7bb8d6351c1cf70c95a316cc6a92839c986682d98bc35f958f4883f9d2a8',
    seed: '0x00ff01',
    expirationBlock: 1040n,
  },
  sender: '0xa69cda26600c155cf2c150964bdb5371ac3f606f',
  expirationParams: {
    creationRound: 3000n,
    creationRoundBlockHash: '0x41b1a0649752af1b28b3dc29a1556eee781e4a4c3a1f7f53f90fa834de098c4d',
  },
  ticketSenderParams: [
    { senderNonce: 1, sig },
    { senderNonce: 2 ** 32 - 1, sig },
  ],
  expectedPrice: { pricePerUnit: 1200n, pixelsPerUnit: 1n },
}

describe('encodePayment / decodePayment', () => {
  it('round-trips a batch payment', () => {
    expect(decodePayment(encodePayment(payment))).toEqual(payment)
  })

  it('uses the net.Payment field numbers and minimal big-endian integers', () => {
    const bytes = encodePayment({
      ticketParams: {
        recipient: '0x01',
        faceValue: 256n,
        winProb: 0n,
        recipientRandHash: '0x',
        seed: '0x',
        expirationBlock: 1n,
      },
      sender: '0x02',
      expirationParams: { creationRound: 5n, creationRoundBlockHash: '0x' },
      ticketSenderParams: [{ senderNonce: 1, sig: '0x03' }],
      expectedPrice: { pricePerUnit: 7n, pixelsPerUnit: 3n, capability: 35, constraint: 'm' },
    })
    expect(toHex(bytes)).toBe(
      `0x${[
        '0a0a',
        '0a0101',
        '12020100',
        '320101', // 1 ticket_params {1 recipient, 2 face_value 0x0100, (winProb 0 omitted), 6 expiration_block}
        '1201' + '02', // 2 sender
        '1a020805', // 3 expiration_params {1 creation_round 5}
        '2205' + '0801' + '120103', // 4 ticket_sender_params {1 nonce, 2 sig}
        '2a09' + '0807' + '1003' + '1823' + '22016d', // 5 expected_price
      ].join('')}`,
    )
  })

  it('writes a zero-ticket payment with sender and price only', () => {
    const p: Payment = {
      sender: payment.sender,
      ticketSenderParams: [],
      expectedPrice: { pricePerUnit: 0n, pixelsPerUnit: 1n },
    }
    expect(decodePayment(encodePayment(p))).toEqual(p)
  })

  it('skips unknown fields and accepts non-minimal integers', () => {
    // field 9 varint 1, then sender; ticket params with face_value 0x000100
    const bytes = new Uint8Array([0x48, 0x01, 0x12, 0x01, 0x02, 0x0a, 0x05, 0x12, 0x03, 0x00, 0x01, 0x00])
    const p = decodePayment(bytes)
    expect(p.sender).toBe('0x02')
    expect(p.ticketParams?.faceValue).toBe(256n)
  })

  it('rejects malformed bytes with PAYMENT_DECODE_FAILED', () => {
    const good = encodePayment(payment)
    for (const bad of [
      good.subarray(0, good.length - 3),
      new Uint8Array([0x0a, 0x10, 0x01]),
      new Uint8Array([0x10, 0x01]), // field 2 as varint
      new Uint8Array([0x0f]), // wire type 7
      new Uint8Array([0x00, 0x00]), // field 0
      new Uint8Array([0x2a, 0x02, 0x22, 0x05]), // price.constraint overruns
    ]) {
      expect(() => decodePayment(bad)).toThrow(PaymentDecodeFailedError)
    }
  })

  it('property: random payments round-trip', () => {
    const hex = (min: number, max: number) =>
      fc.uint8Array({ minLength: min, maxLength: max }).map((b) => toHex(b))
    const big = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n })
    const arb = fc.record({
      ticketParams: fc.record({
        recipient: hex(0, 20),
        faceValue: big,
        winProb: big,
        recipientRandHash: hex(0, 32),
        seed: hex(0, 32),
        expirationBlock: big,
      }),
      sender: hex(0, 20),
      ticketSenderParams: fc.array(
        fc.record({ senderNonce: fc.nat({ max: 2 ** 32 - 1 }), sig: hex(0, 65) }),
        { maxLength: 5 },
      ),
      expectedPrice: fc.record({
        pricePerUnit: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        pixelsPerUnit: fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
      }),
    })
    fc.assert(
      fc.property(arb, (p) => {
        expect(decodePayment(encodePayment(p as Payment))).toEqual(p)
      }),
    )
  })
})

describe('Livepeer-Payment header', () => {
  it('is padded standard base64 of the bytes and round-trips', () => {
    const header = paymentToHeader(payment)
    expect(header.length % 4).toBe(0)
    expect(header).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(fromBase64(header)).toEqual(encodePayment(payment))
    expect(paymentFromHeader(header)).toEqual(payment)
    expect(toBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=')
    expect(toBase64(new Uint8Array([1]))).toBe('AQ==')
  })

  it('rejects url-safe, unpadded or garbage base64 and bad payload bytes', () => {
    expect(() => paymentFromHeader('-_8=')).toThrow(PaymentDecodeFailedError)
    expect(() => paymentFromHeader('AQ')).toThrow(PaymentDecodeFailedError)
    expect(() => paymentFromHeader('A Q==')).toThrow(PaymentDecodeFailedError)
    expect(() => paymentFromHeader(toBase64(new Uint8Array([0x0a, 0x10])))).toThrow(PaymentDecodeFailedError)
  })
})
