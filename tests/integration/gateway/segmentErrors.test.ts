/**
 * `POST /segment` on a paid orchestrator (anvil), refused input: each bad request gets go-livepeer's
 * status and text (402 for the payment header; 403 `ErrSegSig`, `invalid auth token`, `expired auth
 * token`, `incompatible capabilities`, `protobuf unmarshal error: …`, `Forbidden`; 400 with the
 * ticket error; 500 `Internal Server Error` for an oversized body), nothing of it is credited or
 * stored, and the node keeps serving valid segments afterwards.
 */
import { create } from '@bufbuild/protobuf'
import {
  buildSegData,
  decodeWire,
  net,
  netCapabilities,
  orchestratorRequest,
  paymentFromHeader,
  paymentToHeader,
  segDataToHeader,
  segFlatten,
  signNodeMessage,
  signOrchestratorRequest,
  signSegData,
  type TicketSigner,
  toNetVideoProfiles,
} from '@prism/protocol'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpCall } from '../../../apps/node/src/gateway/dispatch/httpClient.ts'
import { getOrchestrator } from '../../../apps/node/src/gateway/dispatch/orchestratorRpc.ts'
import { PaymentSessionPayer } from '../../../apps/node/src/gateway/payment/PaymentSessionPayer.ts'
import { AuthTokens } from '../../../apps/node/src/orchestrator/http/grpc/authTokens.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type PaidSegmentNode, startPaidSegmentNode } from '../../helpers/paidSegmentNode.ts'
import { makeTestSegment, type SegmentNode, startSegmentNode } from '../../helpers/segmentNode.ts'

const FACE = 10n ** 15n
const MAX = 1024 * 1024
const profiles = toNetVideoProfiles(['P240p30fps16x9'])
const jobCaps = netCapabilities({ capabilities: [0, 1, 12] })

describe('POST /segment refusals (anvil, paid node)', () => {
  let chain: DevChain
  let node: PaidSegmentNode
  let other: SegmentNode
  let body: Buffer
  let account: ReturnType<typeof privateKeyToAccount>
  /** Moves the node's token clock. */
  let clockOffsetMs = 0
  let seq = 0

  beforeAll(async () => {
    chain = await startDevChain({ gateways: 2, roundLength: 200 })
    node = await startPaidSegmentNode(chain, {
      pricePerUnit: 10_000_000n,
      ticketEV: FACE - 1n,
      maxFaceValue: FACE,
      maxSegmentBytes: MAX,
      tokens: new AuthTokens({ clock: { now: () => Date.now() + clockOffsetMs } }),
    })
    other = await startSegmentNode()
    body = await makeTestSegment(2)
    account = privateKeyToAccount(chain.accounts.gateways[0]!.privateKey)
  })
  afterAll(async () => {
    await other?.close()
    await node?.close()
    await chain?.close()
  })

  /** A new session with the node: GetOrchestrator, and a payer of its own. */
  async function session(uri = node.uri, signer: TicketSigner & { address: `0x${string}` } = account) {
    const info = await getOrchestrator(
      uri,
      orchestratorRequest(await signOrchestratorRequest(signer), { capabilities: jobCaps }),
    )
    const payer = new PaymentSessionPayer({
      account: signer as typeof account,
      getBlockNumber: () => chain.publicClient.getBlockNumber(),
      maxTicketEV: FACE,
      maxTotalEV: 10n * FACE,
    })
    const pay = async (i: net.OrchestratorInfo = info) =>
      (await payer.paymentFor({ uri, info: i, profiles, durationMs: 2000 })).header
    return { info, payer, pay }
  }

  function segData(info: net.OrchestratorInfo, data: Uint8Array = body, caps = jobCaps): net.SegData {
    return buildSegData({
      manifestId: 'errs',
      seq: BigInt(seq++),
      segment: data,
      durationMs: 2000,
      capabilities: caps,
      ...(info.authToken ? { authToken: info.authToken } : {}),
      profiles,
    })
  }

  async function signed(info: net.OrchestratorInfo, data: Uint8Array = body): Promise<net.SegData> {
    const seg = segData(info, data)
    seg.sig = await signSegData(account, seg)
    return seg
  }

  async function post(seg: net.SegData | string, data: Uint8Array, payment: string | undefined) {
    const headers: Record<string, string> = {
      'content-type': 'video/MP2T',
      'livepeer-segment': typeof seg === 'string' ? seg : segDataToHeader(seg),
    }
    if (payment !== undefined) headers['livepeer-payment'] = payment
    const res = await httpCall({
      method: 'POST',
      url: `${node.uri}/segment`,
      headers,
      body: data,
      headerTimeoutMs: 30_000,
      totalTimeoutMs: 60_000,
      maxBodyBytes: 1 << 20,
    })
    return { status: res.status, text: res.body.toString('utf8'), bytes: res.body }
  }

  const stored = () => node.stack.store.allTickets().length
  const balance = (id: string) => node.stack.payments.ledger.balance(account.address, id)

  it('a valid paid segment is transcoded', async () => {
    const s = await session()
    const res = await post(await signed(s.info), body, await s.pay())
    expect(res.status).toBe(200)
    const result = decodeWire(net.TranscodeResultSchema, res.bytes)
    expect(result.result.case).toBe('data')
    expect(stored()).toBe(s.payer.ticketsSent)
  })

  it('refuses bad input with go-livepeer status and text, crediting nothing', async () => {
    const before = stored()
    const s = await session()
    const id = s.info.authToken!.sessionId
    // a payment the node would accept, used with each bad SegData below
    const payment = await s.pay()

    // signature changed
    const bad = await signed(s.info)
    bad.sig[10] = bad.sig[10]! ^ 0xff
    expect(await post(bad, body, payment)).toMatchObject({ status: 403, text: 'ErrSegSig\n' })

    // signed by another key than the payment's sender
    const foreignSigner = privateKeyToAccount(chain.accounts.gateways[1]!.privateKey)
    const byOther = segData(s.info)
    byOther.sig = await signSegData(foreignSigner, byOther)
    expect(await post(byOther, body, payment)).toMatchObject({ status: 403, text: 'ErrSegSig\n' })

    // signed as Prism used to: the ladder as packed ids in field 4, none in fields 33-35
    const legacy = create(net.SegDataSchema, { ...segData(s.info), fullProfiles: [] })
    legacy.profiles = Uint8Array.from(Buffer.from('c0a6517a', 'hex'))
    legacy.sig = await signNodeMessage(
      account,
      segFlatten({
        manifestId: legacy.manifestId,
        seq: legacy.seq,
        hash: legacy.hash,
        profileNames: ['P240p30fps16x9'],
      }),
    )
    expect(await post(legacy, body, payment)).toMatchObject({ status: 403, text: 'ErrSegSig\n' })

    // an auth token from another orchestrator
    const foreign = await session(other.uri)
    const withForeignToken = await signed(foreign.info)
    expect(await post(withForeignToken, body, payment)).toMatchObject({
      status: 403,
      text: 'invalid auth token\n',
    })

    // no auth token
    const noToken = create(net.SegDataSchema, { ...(await signed(s.info)), authToken: undefined })
    expect(await post(noToken, body, payment)).toMatchObject({ status: 403, text: 'missing auth token\n' })

    // a stale token: past its 30 minutes
    const stale = await signed(s.info)
    clockOffsetMs = 31 * 60_000
    try {
      expect(await post(stale, body, payment)).toMatchObject({ status: 403, text: 'expired auth token\n' })
    } finally {
      clockOffsetMs = 0
    }

    // a capability the node does not have (70)
    const unknownCap = segData(s.info, body, netCapabilities({ capabilities: [0, 1, 12, 70] }))
    unknownCap.sig = await signSegData(account, unknownCap)
    expect(await post(unknownCap, body, payment)).toMatchObject({
      status: 403,
      text: 'incompatible capabilities\n',
    })

    // truncated protobuf in each header
    const whole = Buffer.from(segDataToHeader(await signed(s.info)), 'base64')
    const cut = await post(whole.subarray(0, whole.length - 5).toString('base64'), body, payment)
    expect(cut.status).toBe(403)
    expect(cut.text).toMatch(/^protobuf unmarshal error: /)
    const paymentBytes = Buffer.from(payment, 'base64')
    const cutPayment = await post(
      await signed(s.info),
      body,
      paymentBytes.subarray(0, paymentBytes.length - 3).toString('base64'),
    )
    expect(cutPayment.status).toBe(402)
    expect((await post(await signed(s.info), body, '!!!not-base64')).status).toBe(402)

    // no payment at all: the sender is the zero address, which did not sign
    expect(await post(await signed(s.info), body, undefined)).toMatchObject({
      status: 403,
      text: 'ErrSegSig\n',
    })

    // body differing from the signed hash
    const tampered = Buffer.from(body)
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff
    expect(await post(await signed(s.info), tampered, payment)).toMatchObject({
      status: 403,
      text: 'Forbidden\n',
    })

    // oversized: the body cap (1 MiB here) is checked before the body is used
    const big = Buffer.alloc(MAX + 1024, 0x47)
    expect(await post(await signed(s.info, big), big, payment)).toMatchObject({
      status: 500,
      text: 'Internal Server Error\n',
    })

    // nothing of the refused requests was credited or stored
    expect(balance(id)).toMatchObject({ num: 0n })
    expect(stored()).toBe(before)

    // a price other than the quoted one: the tickets' recipientRand does not match
    const cheat = await session()
    const lowered = create(net.OrchestratorInfoSchema, {
      ...cheat.info,
      priceInfo: create(net.PriceInfoSchema, { pricePerUnit: 1n, pixelsPerUnit: 1n }),
    })
    const priceRes = await post(await signed(cheat.info), body, await cheat.pay(lowered))
    expect(priceRes.status).toBe(400)
    expect(priceRes.text).toMatch(/^invalid recipientRand/)

    // a tampered ticket signature
    const forged = await session()
    const p = paymentFromHeader(await forged.pay())
    expect(p.ticketSenderParams.length).toBeGreaterThan(0)
    const sig = p.ticketSenderParams[0]!.sig
    p.ticketSenderParams[0]!.sig =
      `${sig.slice(0, 10)}${sig[10] === '0' ? '1' : '0'}${sig.slice(11)}` as `0x${string}`
    const sigRes = await post(await signed(forged.info), body, paymentToHeader(p))
    expect(sigRes.status).toBe(400)
    expect(sigRes.text).toMatch(/^invalid ticket signature/)

    for (const x of [cheat, forged]) expect(balance(x.info.authToken!.sessionId)).toMatchObject({ num: 0n })
    expect(stored()).toBe(before)
  })

  it('keeps serving valid segments after the refusals', async () => {
    const s = await session()
    const res = await post(await signed(s.info), body, await s.pay())
    expect(res.status).toBe(200)
    expect(decodeWire(net.TranscodeResultSchema, res.bytes).result.case).toBe('data')
    expect(node.served.length).toBe(2)
  })
})
