import { create } from '@bufbuild/protobuf'
import { hexToBytes, keccak256, stringToBytes, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { eip191Digest } from '../ticket/recoverSigner.ts'
import { SegDataSchema } from './gen/net_pb.ts'
import { buildSegData, LEGACY_PROFILES_INVALID } from './segData.ts'
import { segFlatten, signSegData, verifySegData } from './segSignature.ts'
import { toNetVideoProfiles } from './videoProfile.ts'

const account = privateKeyToAccount(`0x${'0'.repeat(63)}1`)
const HASH = '0xa6cb9ee212ccec8f1e350bd2d8b42cb93e6fd9afb9e0f2a2fcfbfe474b672b95'
const FLATTEN =
  '0x35663361396331650000000000000000000000000000000000000000000000000000000000000007a6cb9ee212ccec8f1e350bd2d8b42cb93e6fd9afb9e0f2a2fcfbfe474b672b9563306136353137613933633731376537'
const SIG =
  '0x81e7d49f1efb9d127fcf925b0abe4b32479c6ae5c019fcd66ba2863c1ea9c63c38d08e5b34158dae5ef9d8550d84ec3df7e8747a5eadd5d6b3888c4b0ed81b4c1b'

function vectorSeg() {
  return buildSegData({
    manifestId: '5f3a9c1e',
    seq: 7n,
    segment: stringToBytes('livepeer'),
    profiles: toNetVideoProfiles(['P240p30fps16x9', 'P360p30fps16x9']),
  })
}

describe('SegData signature (test vector: transcoding segment)', () => {
  it('hashes the segment, puts the ladder in field 33 and "invalid" in field 4', () => {
    const seg = vectorSeg()
    expect(toHex(seg.hash)).toBe(HASH)
    expect(seg.profiles).toEqual(LEGACY_PROFILES_INVALID)
    expect(seg.fullProfiles.map((p) => p.name)).toEqual(['P240p30fps16x9', 'P360p30fps16x9'])
    expect(seg.fullProfiles2).toEqual([])
    expect(seg.fullProfiles3).toEqual([])
  })

  it('flattens to the 88 vector bytes and signs them', async () => {
    const seg = vectorSeg()
    const flat = segFlatten({
      manifestId: seg.manifestId,
      seq: 7n,
      hash: seg.hash,
      profileNames: ['P240p30fps16x9', 'P360p30fps16x9'],
    })
    expect(flat).toHaveLength(88)
    expect(toHex(flat)).toBe(FLATTEN)
    expect(toHex(flat.subarray(72))).toBe(toHex(stringToBytes('c0a6517a93c717e7')))
    expect(keccak256(flat)).toBe('0x65498a3ac2f7f9fcb15fcb79ede5a1c8e03faf3e50e439fbdf4739deac9d8821')
    expect(toHex(eip191Digest(keccak256(flat)))).toBe(
      '0xd204741cb26912da02ca807f0a9c4c52d694a79575b7eb98d02de727f93b0aa4',
    )
    seg.sig = await signSegData(account, seg)
    expect(toHex(seg.sig)).toBe(SIG)
    expect(() => verifySegData(seg, account.address, { offchain: false })).not.toThrow()
  })

  it('empty-segment variant (AI / live payment): 72 bytes, keccak of nothing as hash', () => {
    const seg = buildSegData({ manifestId: 'abcdef01' })
    const flat = segFlatten({ manifestId: 'abcdef01', seq: 0n, hash: seg.hash, profileNames: [] })
    expect(flat).toHaveLength(72)
    expect(toHex(seg.hash)).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470')
    expect(toHex(flat)).toBe(
      `0x6162636465663031${'00'.repeat(32)}c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470`,
    )
    expect(keccak256(flat)).toBe('0xa6e7cda57d0de0d5cc4a156d1a1da934fa12d1b8d20fdb257ca129d7945b9ad1')
  })

  it('signs the names of the profiles the orchestrator reads (35, then 34, then 33)', async () => {
    const seg = vectorSeg()
    seg.sig = await signSegData(account, seg)
    const moved = create(SegDataSchema, { ...seg, fullProfiles: [], fullProfiles3: seg.fullProfiles })
    expect(() => verifySegData(moved, account.address, { offchain: false })).not.toThrow()
    const shadowed = create(SegDataSchema, {
      ...seg,
      fullProfiles3: toNetVideoProfiles(['P720p30fps16x9']),
    })
    expect(() => verifySegData(shadowed, account.address, { offchain: false })).toThrowError(
      expect.objectContaining({ code: 'WIRE_SEGMENT_SIG_INVALID', shortMessage: 'ErrSegSig' }),
    )
  })

  it('refuses a signature over the legacy field 4, another signer, or altered fields', async () => {
    const seg = vectorSeg()
    const legacyFlat = segFlatten({ manifestId: seg.manifestId, seq: 7n, hash: seg.hash, profileNames: [] })
    const legacy = new Uint8Array([...legacyFlat, ...stringToBytes(toHex(seg.profiles).slice(2))])
    seg.sig = await account.signMessage({ message: { raw: keccak256(legacy) } }).then((s) => hexToBytes(s))
    expect(seg.sig).toHaveLength(65)
    expect(() => verifySegData(seg, account.address, { offchain: false })).toThrow('ErrSegSig')
    seg.sig = await signSegData(account, seg)
    expect(() =>
      verifySegData(seg, '0x00000000000000000000000000000000000000aa', { offchain: false }),
    ).toThrow('ErrSegSig')
    seg.seq = 8n
    expect(() => verifySegData(seg, account.address, { offchain: false })).toThrow('ErrSegSig')
    expect(() => verifySegData(seg, account.address, { offchain: true })).not.toThrow()
  })

  it('signs a negative seq as its absolute value', () => {
    const base = { manifestId: 'm', hash: new Uint8Array(32), profileNames: [] }
    expect(segFlatten({ ...base, seq: -7n })).toEqual(segFlatten({ ...base, seq: 7n }))
  })
})
