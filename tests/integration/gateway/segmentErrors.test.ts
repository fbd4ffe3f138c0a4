/**
 * `POST /segment` on a paid node: a bad segment signature, a body that does not match the signed
 * hash, a missing or tampered payment and an oversized segment each get a clear `{ code, message }`
 * answer, and the node keeps serving valid segments afterwards.
 */
import {
  encodeSegData,
  paymentFromHeader,
  paymentToHeader,
  profilesToBytes,
  type SegData,
  signSegment,
  type TicketSigner,
} from '@prism/protocol'
import { bytesToHex, keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PaymentSessionPayer } from '../../../apps/node/src/gateway/payment/PaymentSessionPayer.ts'
import { profilesByName } from '../../../apps/node/src/media/profiles.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type PaidSegmentNode, startPaidSegmentNode } from '../../helpers/paidSegmentNode.ts'
import { makeTestSegment } from '../../helpers/segmentNode.ts'

const FACE = 10n ** 15n
const MAX = 1024 * 1024
const profiles = profilesByName(['P240p30fps16x9'])

/** Signed SegData of `data` as the gateway sends it. */
async function signFor(
  signer: TicketSigner,
  manifestId: string,
  seq: bigint,
  data: Uint8Array,
): Promise<SegData> {
  const fields = {
    manifestId,
    seq,
    hash: keccak256(data),
    profiles: profilesToBytes(profiles.map((p) => p.name)),
  }
  return { ...fields, sig: await signSegment(signer, fields), duration: 2000 }
}

describe('POST /segment error paths (anvil, paid node)', () => {
  let chain: DevChain
  let node: PaidSegmentNode
  let body: Buffer
  let payer: PaymentSessionPayer
  let account: ReturnType<typeof privateKeyToAccount>
  let seq = 0

  beforeAll(async () => {
    chain = await startDevChain({ gateways: 2, roundLength: 200 })
    node = await startPaidSegmentNode(chain, {
      pricePerUnit: 10_000_000n,
      ticketEV: FACE - 1n,
      maxFaceValue: FACE,
      maxSegmentBytes: MAX,
    })
    body = await makeTestSegment(2)
    account = privateKeyToAccount(chain.accounts.gateways[0]!.privateKey)
    payer = new PaymentSessionPayer({
      account,
      getBlockNumber: () => chain.publicClient.getBlockNumber(),
      maxTicketEV: FACE,
      maxTotalEV: 10n * FACE,
    })
  })
  afterAll(async () => {
    await node?.close()
    await chain?.close()
  })

  async function post(seg: SegData, data: Uint8Array, payment?: string) {
    const headers: Record<string, string> = {
      'content-type': 'video/mp2t',
      'livepeer-segment': Buffer.from(encodeSegData(seg)).toString('base64'),
    }
    if (payment !== undefined) headers['livepeer-payment'] = payment
    const res = await fetch(`${node.uri}/segment`, {
      method: 'POST',
      headers,
      body: data as Uint8Array<ArrayBuffer>,
    })
    return {
      status: res.status,
      body: (await res.json()) as { code?: string; message?: string; renditions?: unknown[] },
    }
  }

  async function signed(data: Uint8Array = body) {
    return signFor(account, 'errs', BigInt(seq++), data)
  }

  async function pay() {
    return (await payer.paymentFor({ uri: node.uri, manifestId: 'errs', profiles, durationMs: 2000 })).header
  }

  it('a valid paid segment is transcoded', async () => {
    const res = await post(await signed(), body, await pay())
    expect(res.status).toBe(200)
    expect(res.body.renditions).toHaveLength(1)
  })

  it('bad segment signature → 403 SEGMENT_SIG_INVALID', async () => {
    const seg = await signed()
    const sig = Buffer.from(seg.sig.slice(2), 'hex')
    sig[10] = sig[10]! ^ 0xff
    const res = await post({ ...seg, sig: bytesToHex(sig) }, body, await pay())
    expect(res).toMatchObject({ status: 403, body: { code: 'SEGMENT_SIG_INVALID' } })
  })

  it('segment signed by another key than the payment sender → 403 SEGMENT_SIG_INVALID', async () => {
    const other = privateKeyToAccount(chain.accounts.gateways[1]!.privateKey)
    const seg = await signFor(other, 'errs', BigInt(seq++), body)
    const res = await post(seg, body, await pay())
    expect(res).toMatchObject({ status: 403, body: { code: 'SEGMENT_SIG_INVALID' } })
  })

  it('body differing from the signed hash → 403 SEGMENT_HASH_MISMATCH', async () => {
    const seg = await signed()
    const tampered = Buffer.from(body)
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff
    const res = await post(seg, tampered, await pay())
    expect(res).toMatchObject({ status: 403, body: { code: 'SEGMENT_HASH_MISMATCH' } })
  })

  it('missing payment → 400 SEGMENT_PAYMENT_INVALID', async () => {
    const res = await post(await signed(), body)
    expect(res).toMatchObject({ status: 400, body: { code: 'SEGMENT_PAYMENT_INVALID' } })
  })

  it('tampered ticket signature → 400 TICKET_SIG_INVALID', async () => {
    // Use a fresh session so that the payment carries at least one ticket.
    const fresh = new PaymentSessionPayer({
      account,
      getBlockNumber: () => chain.publicClient.getBlockNumber(),
      maxTicketEV: FACE,
      maxTotalEV: 10n * FACE,
    })
    const header = (
      await fresh.paymentFor({ uri: node.uri, manifestId: 'errs2', profiles, durationMs: 2000 })
    ).header
    const p = paymentFromHeader(header)
    expect(p.ticketSenderParams.length).toBeGreaterThan(0)
    const sig = p.ticketSenderParams[0]!.sig
    p.ticketSenderParams[0]!.sig =
      `${sig.slice(0, 10)}${sig[10] === '0' ? '1' : '0'}${sig.slice(11)}` as `0x${string}`
    const seg = await signFor(account, 'errs2', 0n, body)
    const res = await post(seg, body, paymentToHeader(p))
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('TICKET_SIG_INVALID')
  })

  it('malformed payment header → 400 PAYMENT_DECODE_FAILED', async () => {
    const res = await post(await signed(), body, '!!!not-base64-protobuf')
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('PAYMENT_DECODE_FAILED')
  })

  it('oversized segment → 413 SEGMENT_TOO_LARGE', async () => {
    const big = Buffer.alloc(MAX + 1024, 0x47)
    const res = await post(await signed(big), big, await pay())
    expect(res).toMatchObject({ status: 413, body: { code: 'SEGMENT_TOO_LARGE' } })
  })

  it('keeps serving valid segments after the errors', async () => {
    const res = await post(await signed(), body, await pay())
    expect(res.status).toBe(200)
    expect(node.served.length).toBe(2)
  })
})
