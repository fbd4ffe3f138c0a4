import { fromBinary, toBinary } from '@bufbuild/protobuf'
import { bytesToString, keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { eip191Digest } from '../ticket/recoverSigner.ts'
import { OrchestratorRequestSchema } from './gen/net_pb.ts'
import { netCapabilities } from './netCapabilities.ts'
import {
  OFFCHAIN_REQUEST_CREDENTIALS,
  orchestratorRequest,
  orchestratorRequestMessage,
  signOrchestratorRequest,
  verifyOrchestratorRequest,
} from './orchestratorRequest.ts'

const KEY1 = `0x${'0'.repeat(63)}1` as const
const account = privateKeyToAccount(KEY1)
const ADDRESS = '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf'
const SIG =
  '0x2e05f5b96d0c24dde6256c43b4dd51d50979d8a650510a52b1317a95e9eda00d3d716748cd06e78360e29fdfe091e0c6c5a3d7ae1fb408d0b746ebdd9fa6382a1c'

describe('OrchestratorRequest signature (test vector: key 1)', () => {
  it('signs the 42 ASCII bytes of the checksummed address', async () => {
    expect(account.address).toBe(ADDRESS)
    const msg = orchestratorRequestMessage(account.address.toLowerCase() as `0x${string}`)
    expect(msg).toHaveLength(42)
    expect(bytesToString(msg)).toBe(ADDRESS)
    expect(keccak256(msg)).toBe('0x4d5a49db91080e655190d37cddc99ea26046572ad0796bb34bdaba86f6b74672')
    expect(toHex(eip191Digest(keccak256(msg)))).toBe(
      '0x58656fe8bd0c2b186542f829f6c5de387b108a917b38013f297aa26ca32b18b1',
    )
    const creds = await signOrchestratorRequest(account)
    expect(toHex(creds.sig)).toBe(SIG)
  })

  it('encodes address + sig (no capabilities) as the vector bytes', async () => {
    const req = orchestratorRequest(await signOrchestratorRequest(account))
    expect(toHex(toBinary(OrchestratorRequestSchema, req))).toBe(
      `0x0a147e5f4552091a69125d5dfcb7b8c2659029395bdf1241${SIG.slice(2)}`,
    )
  })

  it('verifies on chain and returns the checksummed sender', async () => {
    const req = orchestratorRequest(await signOrchestratorRequest(account), {
      capabilities: netCapabilities({ capabilities: [12] }),
      ignoreCapacityCheck: true,
    })
    const decoded = fromBinary(OrchestratorRequestSchema, toBinary(OrchestratorRequestSchema, req))
    expect(decoded.ignoreCapacityCheck).toBe(true)
    expect(verifyOrchestratorRequest(decoded, { offchain: false })).toBe(ADDRESS)
  })

  it("refuses a bad signature with go-livepeer's text", async () => {
    const creds = await signOrchestratorRequest(account)
    const other = await signOrchestratorRequest(privateKeyToAccount(`0x${'0'.repeat(63)}2`))
    const forged = orchestratorRequest({ address: creds.address, sig: other.sig })
    expect(() => verifyOrchestratorRequest(forged, { offchain: false })).toThrowError(
      expect.objectContaining({
        code: 'WIRE_REQUEST_SIG_INVALID',
        shortMessage: 'Invalid orchestrator request: orchestrator req sig check failed',
      }),
    )
    const highS = creds.sig.slice()
    highS[64] = 29
    expect(() =>
      verifyOrchestratorRequest({ address: creds.address, sig: highS }, { offchain: false }),
    ).toThrow('orchestrator req sig check failed')
  })

  it('off chain: zero address, empty sig; the orchestrator does not check', () => {
    const req = orchestratorRequest(OFFCHAIN_REQUEST_CREDENTIALS)
    expect(req.address).toEqual(new Uint8Array(20))
    expect(req.sig).toHaveLength(0)
    expect(toHex(toBinary(OrchestratorRequestSchema, req))).toBe(`0x0a14${'00'.repeat(20)}`)
    expect(verifyOrchestratorRequest(req, { offchain: true })).toBe(
      '0x0000000000000000000000000000000000000000',
    )
    expect(() => verifyOrchestratorRequest(req, { offchain: false })).toThrow(
      'orchestrator req sig check failed',
    )
  })
})
