import { create } from '@bufbuild/protobuf'
import { keccak256, stringToBytes, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { OrchestratorInfoSchema, TicketParamsSchema } from './gen/net_pb.ts'
import {
  expectedResultSigner,
  recoverTranscodeResultSigner,
  signTranscodeResult,
  transcodeResultHash,
} from './transcodeResult.ts'

const account = privateKeyToAccount(`0x${'0'.repeat(63)}1`)
const r0 = stringToBytes('rendition-240p')
const r1 = stringToBytes('rendition-360p')

describe('transcode result signature', () => {
  it('hashes the keccak of each rendition in profile order', () => {
    const want = keccak256(new Uint8Array([...keccak256(r0, 'bytes'), ...keccak256(r1, 'bytes')]))
    expect(toHex(transcodeResultHash([r0, r1]))).toBe(want)
    expect(toHex(transcodeResultHash([r1, r0]))).not.toBe(want)
  })

  it('signs the hash without an extra keccak and recovers the orchestrator', async () => {
    const sig = await signTranscodeResult(account, [r0, r1])
    expect(sig).toHaveLength(65)
    const direct = await account.signMessage({ message: { raw: transcodeResultHash([r0, r1]) } })
    expect(toHex(sig)).toBe(direct)
    expect(recoverTranscodeResultSigner([r0, r1], sig)).toBe(account.address)
    expect(recoverTranscodeResultSigner([r0], sig)).not.toBe(account.address)
    expect(recoverTranscodeResultSigner([r0, r1], new Uint8Array(0))).toBeNull()
  })

  it('expects the address, or the ticket recipient when the address is zeros', () => {
    const addr = new Uint8Array(20).fill(0xab)
    const recipient = new Uint8Array(20).fill(0xcd)
    const ticketParams = create(TicketParamsSchema, { recipient })
    expect(expectedResultSigner(create(OrchestratorInfoSchema, { address: addr, ticketParams }))).toBe(
      toHex(addr),
    )
    expect(
      expectedResultSigner(create(OrchestratorInfoSchema, { address: new Uint8Array(20), ticketParams })),
    ).toBe(toHex(recipient))
    expect(expectedResultSigner(create(OrchestratorInfoSchema, {}))).toBeNull()
  })
})
