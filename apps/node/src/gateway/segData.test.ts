import {
  profilesToBytes,
  decodeSegData as protocolDecode,
  encodeSegData as protocolEncode,
  recoverSegmentSigner as protocolRecover,
  segmentSignedBytes as protocolSignedBytes,
} from '@prism/protocol'
import { bytesToHex, keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { profileIdBytes, profilesByName } from './profiles.ts'
import {
  decodeSegData,
  encodeSegData,
  recoverSegmentSigner,
  segmentSignedBytes,
  signSegment,
} from './segData.ts'

const account = privateKeyToAccount(generatePrivateKey())
const profiles = profilesByName(['P240p30fps16x9', 'P360p30fps16x9'])
const body = Uint8Array.from({ length: 1000 }, (_v, i) => i & 0xff)

async function sample() {
  return signSegment(account, {
    manifestId: Buffer.from('stream-1'),
    seq: 7n,
    body,
    profiles: profileIdBytes(profiles),
    durationMs: 2000,
  })
}

describe('SegData', () => {
  it('profile IDs match PROTOCOL.md §10 and the protocol package', () => {
    expect(bytesToHex(profileIdBytes(profiles))).toBe('0xc0a6517a93c717e7')
    expect(bytesToHex(profileIdBytes(profiles))).toBe(profilesToBytes(profiles.map((p) => p.name)))
  })

  it('round-trips and is byte-identical to the protocol package encoding', async () => {
    const seg = await sample()
    const bytes = encodeSegData(seg)
    const back = decodeSegData(bytes)
    expect(back.seq).toBe(7n)
    expect(back.durationMs).toBe(2000)
    expect(bytesToHex(encodeSegData(back))).toBe(bytesToHex(bytes))
    const theirs = protocolDecode(bytes)
    expect(theirs).toMatchObject({
      manifestId: 'stream-1',
      seq: 7n,
      hash: keccak256(body),
      profiles: '0xc0a6517a93c717e7',
      sig: bytesToHex(seg.sig),
      duration: 2000,
    })
    expect(bytesToHex(protocolEncode(theirs))).toBe(bytesToHex(bytes))
  })

  it('signs the same bytes as the protocol package, and either side recovers the signer', async () => {
    const seg = await sample()
    const fields = {
      manifestId: 'stream-1',
      seq: 7n,
      hash: keccak256(body),
      profiles: '0xc0a6517a93c717e7' as const,
    }
    expect(bytesToHex(segmentSignedBytes(seg))).toBe(bytesToHex(protocolSignedBytes(fields)))
    expect(await recoverSegmentSigner(seg)).toBe(account.address)
    expect(protocolRecover(fields, bytesToHex(seg.sig))?.toLowerCase()).toBe(account.address.toLowerCase())
  })

  it('a changed field no longer recovers the signer', async () => {
    const seg = await sample()
    expect(await recoverSegmentSigner({ ...seg, seq: 8n })).not.toBe(account.address)
  })

  it('rejects truncated bytes and short signatures with SEGMENT_SIG_INVALID', async () => {
    const bytes = encodeSegData(await sample())
    expect(() => decodeSegData(bytes.subarray(0, bytes.length - 10))).toThrow(
      expect.objectContaining({ code: 'SEGMENT_SIG_INVALID' }),
    )
    await expect(
      recoverSegmentSigner({ ...(await sample()), sig: new Uint8Array(10) }),
    ).rejects.toMatchObject({
      code: 'SEGMENT_SIG_INVALID',
    })
  })
})
