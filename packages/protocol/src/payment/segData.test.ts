import { keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { PaymentDecodeFailedError } from '../errors/payment.ts'
import { decodeSegData, encodeSegData, type SegData } from './segData.ts'
import {
  EMPTY_SEGMENT_HASH,
  profilesToBytes,
  recoverSegmentSigner,
  segmentSignedBytes,
  signSegment,
} from './segmentSignedBytes.ts'

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')

describe('SegData', () => {
  it('round-trips with capabilities and auth token', () => {
    const seg: SegData = {
      manifestId: 'abcd1234',
      seq: 7n,
      hash: keccak256('0x010203'),
      profiles: profilesToBytes(['P240p30fps16x9', 'P360p30fps16x9']),
      sig: `0x${'11'.repeat(65)}`,
      duration: 2000,
      capabilities: { bitstring: [34359738371n], mandatories: [1n], capacities: { 35: 2 }, version: '0.1.0' },
      authToken: { token: `0x${'22'.repeat(32)}`, sessionId: 'deadbeef', expiration: 1_800_000_000n },
      calcPerceptualHash: true,
      forceSessionReinit: true,
    }
    expect(decodeSegData(encodeSegData(seg))).toEqual(seg)
  })

  it('decodes unpacked repeated uint64 and skips unknown fields', () => {
    // 7 capabilities { 1: 3 (unpacked), 1: 4 (unpacked) }, 32 storage (skipped)
    const bytes = new Uint8Array([0x3a, 0x04, 0x08, 0x03, 0x08, 0x04, 0x82, 0x02, 0x01, 0x00])
    expect(decodeSegData(bytes).capabilities?.bitstring).toEqual([3n, 4n])
  })

  it('rejects malformed SegData', () => {
    expect(() => decodeSegData(new Uint8Array([0x0a, 0x05, 0x61]))).toThrow(PaymentDecodeFailedError)
    expect(() => decodeSegData(new Uint8Array([0x10, 0x80]))).toThrow(PaymentDecodeFailedError)
  })
})

describe('segmentSignedBytes', () => {
  it('is manifestID ‖ u256(seq) ‖ hash ‖ lowercase hex of profile ids', () => {
    const flat = segmentSignedBytes({
      manifestId: 'mid',
      seq: 2n,
      hash: EMPTY_SEGMENT_HASH,
      profiles: '0xC0A6517A93c717e7',
    })
    const text = new TextDecoder()
    expect(text.decode(flat.subarray(0, 3))).toBe('mid')
    expect(flat[3 + 31]).toBe(2)
    expect(keccak256(flat.subarray(35, 67))).toBe(keccak256(EMPTY_SEGMENT_HASH))
    expect(text.decode(flat.subarray(67))).toBe('c0a6517a93c717e7')
    expect(flat.length).toBe(3 + 32 + 32 + 16)
    expect(keccak256(new Uint8Array(0))).toBe(EMPTY_SEGMENT_HASH)
  })

  it('signs and recovers segment credentials', async () => {
    const seg = { manifestId: 'abcd1234', seq: 0n, hash: EMPTY_SEGMENT_HASH, profiles: '0x' as const }
    const sig = await signSegment(account, seg)
    expect(recoverSegmentSigner(seg, sig)).toBe(account.address)
    expect(recoverSegmentSigner({ ...seg, seq: 1n }, sig)).not.toBe(account.address)
    expect(recoverSegmentSigner(seg, '0x1234')).toBeNull()
    // EIP-191 over keccak256(flat), i.e. viem's signMessage of the raw 32-byte hash.
    expect(sig).toBe(await account.signMessage({ message: { raw: keccak256(segmentSignedBytes(seg)) } }))
  })
})
