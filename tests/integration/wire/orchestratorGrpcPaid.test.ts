/**
 * GetOrchestrator on a paid node (real anvil with the Livepeer contracts, the PaymentStack), called
 * by a client built only from net.proto: the request signature is checked, the ticket params are
 * for the signing gateway and bound to the quoted price (a Payment echoing them is credited; the
 * same params used by another sender or with another price are not), per-capability prices are
 * quoted, and Ping's signature recovers to the node's address.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { create, toBinary } from '@bufbuild/protobuf'
import { type RunningOrchestrator, startOrchestrator } from '@prism/node'
import {
  bytesToBigInt,
  CAPABILITIES,
  capabilityBitstring,
  createChainClient,
  DEFAULT_CAPABILITIES,
  getCurrentRound,
  getNetwork,
  hexToBytesStrict,
  net,
  signOrchestratorRequest,
  signTicket,
  toHex,
  verifyNodeSignature,
} from '@prism/protocol'
import type { Address } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPaymentStack, type PaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { type Msg, orchestratorClient } from './orchestratorGrpcClient.ts'

const PRICE = 1200n
const MODEL = 'builtin:toon'
const MODEL_PRICE = 3600n
const live = CAPABILITIES.LiveVideoToVideo

type Gateway = { address: Address; privateKey: `0x${string}` }

/** A Payment as a go-livepeer gateway builds it from an OrchestratorInfo: params and price echoed. */
async function paymentFrom(info: Msg, signer: Gateway, nonces: number[], price?: Msg): Promise<string> {
  const tp = info.ticket_params as Record<string, Buffer> & { expiration_params: Record<string, unknown> }
  const exp = tp.expiration_params as { creation_round: string; creation_round_block_hash: Buffer }
  const account = privateKeyToAccount(signer.privateKey)
  const sigs = await Promise.all(
    nonces.map((n) =>
      signTicket(account, {
        recipient: toHex(tp.recipient!) as Address,
        sender: signer.address,
        faceValue: bytesToBigInt(tp.face_value!),
        winProb: bytesToBigInt(tp.win_prob!),
        senderNonce: BigInt(n),
        recipientRandHash: toHex(tp.recipient_rand_hash!),
        creationRound: BigInt(exp.creation_round),
        creationRoundBlockHash: toHex(exp.creation_round_block_hash),
      }),
    ),
  )
  const p = (price ?? info.price_info) as { pricePerUnit: string; pixelsPerUnit: string }
  const payment = create(net.PaymentSchema, {
    ticketParams: {
      recipient: tp.recipient!,
      faceValue: tp.face_value ?? new Uint8Array(),
      winProb: tp.win_prob ?? new Uint8Array(),
      recipientRandHash: tp.recipient_rand_hash!,
      seed: tp.seed ?? new Uint8Array(),
      expirationBlock: tp.expiration_block!,
    },
    sender: hexToBytesStrict(signer.address),
    expirationParams: {
      creationRound: BigInt(exp.creation_round),
      creationRoundBlockHash: exp.creation_round_block_hash,
    },
    ticketSenderParams: nonces.map((senderNonce, i) => ({ senderNonce, sig: hexToBytesStrict(sigs[i]!) })),
    expectedPrice: { pricePerUnit: BigInt(p.pricePerUnit), pixelsPerUnit: BigInt(p.pixelsPerUnit) },
  })
  return Buffer.from(toBinary(net.PaymentSchema, payment)).toString('base64')
}

describe('GetOrchestrator on a paid node (anvil)', () => {
  let chain: DevChain
  let stack: PaymentStack
  let node: RunningOrchestrator
  let dataDir: string
  let orchAddress: Address
  let gw: Gateway
  let other: Gateway
  beforeAll(async () => {
    chain = await startDevChain({ gateways: 2, roundLength: 400 })
    dataDir = mkdtempSync(join(tmpdir(), 'prism-grpc-paid-'))
    orchAddress = chain.accounts.orchestrator.address
    gw = chain.accounts.gateways[0]!
    other = chain.accounts.gateways[1]!
    const client = createChainClient({
      network: getNetwork('dev', chain.deployment),
      rpcUrl: chain.rpcUrl,
      account: chain.accounts.orchestrator.privateKey,
      pollingIntervalMs: 100,
    })
    stack = await createPaymentStack({
      client,
      dataDir,
      price: {
        pricePerUnit: PRICE,
        capabilityPrices: [
          { capability: live, modelId: MODEL, pricePerUnit: MODEL_PRICE, pixelsPerUnit: 1n },
        ],
      },
      reward: false,
      pollMs: 100,
    })
    node = await startOrchestrator({
      httpAddr: '127.0.0.1:0',
      payments: stack,
      aiModels: [MODEL],
      orchestrator: { nvidia: false },
    })
  })
  afterAll(async () => {
    await node?.close()
    await stack?.close()
    await chain?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers ticket params for the signing sender, bound to the quoted price, and a Payment built from them is credited', async () => {
    const creds = await signOrchestratorRequest(privateKeyToAccount(gw.privateKey))
    const c = orchestratorClient(node.serviceURI)
    try {
      const info = await c.call('GetOrchestrator', { address: creds.address, sig: creds.sig })
      expect(toHex(info.address as Buffer)).toBe(orchAddress.toLowerCase())
      const tp = info.ticket_params as Record<string, Buffer> & { expiration_params: Record<string, unknown> }
      expect(toHex(tp.recipient!)).toBe(orchAddress.toLowerCase())
      expect(tp.recipient_rand_hash!.length).toBe(32)
      expect(bytesToBigInt(tp.face_value!)).toBeGreaterThan(0n)
      expect(bytesToBigInt(tp.win_prob!)).toBeGreaterThan(0n)
      const block = await chain.publicClient.getBlockNumber()
      const expiration = bytesToBigInt(tp.expiration_block!)
      expect(expiration).toBeGreaterThan(block)
      expect(expiration).toBeLessThanOrEqual(block + 40n)
      const exp = tp.expiration_params as { creation_round: string; creation_round_block_hash: Buffer }
      expect(BigInt(exp.creation_round)).toBe(
        await getCurrentRound(
          createChainClient({ network: getNetwork('dev', chain.deployment), rpcUrl: chain.rpcUrl }),
        ),
      )
      expect(exp.creation_round_block_hash.length).toBe(32)

      // the price is the one /info quotes this sender (auto-adjusted above the base price)
      const price = info.price_info as { pricePerUnit: string; pixelsPerUnit: string }
      const quoted = (await (await fetchInsecure(`${node.url}/info?sender=${gw.address}`)).json()) as {
        price: { pricePerUnit: string; pixelsPerUnit: string }
      }
      expect(price).toEqual({
        pricePerUnit: quoted.price.pricePerUnit,
        pixelsPerUnit: quoted.price.pixelsPerUnit,
      })
      expect(BigInt(price.pricePerUnit)).toBeGreaterThanOrEqual(PRICE * BigInt(price.pixelsPerUnit))
      // without capabilities in the request: the per-model prices
      expect(info.capabilities_prices).toEqual([
        expect.objectContaining({ capability: live, constraint: MODEL }),
      ])

      const session = (info.auth_token as { session_id: string }).session_id
      const paid = await stack.payments.handleHttpPayment(await paymentFrom(info, gw, [1, 2]), session)
      expect(paid.result.credited).toBe(2)

      // bound to the sender and to the price (another session, so nothing else is checked against it):
      // the recipientRand the node derives no longer matches, nothing is credited
      const credited = (header: string) =>
        stack.payments.handleHttpPayment(header, 'unbound-session').then(
          (r) => r.result.credited,
          () => 0,
        )
      expect(await credited(await paymentFrom(info, other, [1]))).toBe(0)
      expect(
        await credited(await paymentFrom(info, gw, [3], { pricePerUnit: '1', pixelsPerUnit: '1' })),
      ).toBe(0)
      expect(await credited(await paymentFrom(info, gw, [4]))).toBe(1)
    } finally {
      c.close()
    }
  })

  it('quotes the per-model price for a live-video-to-video request (capped without capacity) and binds the params to it', async () => {
    const creds = await signOrchestratorRequest(privateKeyToAccount(gw.privateKey))
    const ids = [...DEFAULT_CAPABILITIES, live]
    const capabilities = {
      bitstring: capabilityBitstring(ids).map(String),
      capacities: Object.fromEntries(ids.map((id) => [id, 1])),
      constraints: { PerCapability: { [live]: { models: { [MODEL]: { warm: false } } } } },
    }
    const c = orchestratorClient(node.serviceURI)
    try {
      // this node runs no ai pipeline, so the model has no idle capacity: a session refresh skips the check
      expect(
        (await c.refusal('GetOrchestrator', { address: creds.address, sig: creds.sig, capabilities }))
          .details,
      ).toBe('Invalid orchestrator request: OrchestratorCapped')
      const info = await c.call('GetOrchestrator', {
        address: creds.address,
        sig: creds.sig,
        capabilities,
        ignoreCapacityCheck: true,
      })
      const price = info.price_info as { pricePerUnit: string; pixelsPerUnit: string }
      // the model's price (3600 wei/pixel), auto-adjusted upwards, never the transcoding price
      expect(BigInt(price.pricePerUnit)).toBeGreaterThanOrEqual(MODEL_PRICE * BigInt(price.pixelsPerUnit))
      expect(info.capabilities_prices ?? []).toEqual([])
      const session = (info.auth_token as { session_id: string }).session_id
      const paid = await stack.payments.handleHttpPayment(await paymentFrom(info, gw, [1]), session)
      expect(paid.result.credited).toBe(1)
    } finally {
      c.close()
    }
  })

  it('refuses a request whose signature is not the sender’s, with go-livepeer’s text', async () => {
    const forged = await signOrchestratorRequest(privateKeyToAccount(other.privateKey))
    const c = orchestratorClient(node.serviceURI)
    try {
      for (const sig of [forged.sig, new Uint8Array(0), new Uint8Array(65)])
        expect(await c.refusal('GetOrchestrator', { address: hexToBytesStrict(gw.address), sig })).toEqual({
          code: 2,
          details: 'Invalid orchestrator request: orchestrator req sig check failed',
        })
    } finally {
      c.close()
    }
  })

  it('signs Ping with the node’s account', async () => {
    const value = randomBytes(32)
    const c = orchestratorClient(node.serviceURI)
    try {
      const pong = await c.call('Ping', { value })
      expect((pong.value as Buffer).length).toBe(65)
      expect(verifyNodeSignature(orchAddress, value, pong.value as Buffer)).toBe(true)
      expect(verifyNodeSignature(gw.address, value, pong.value as Buffer)).toBe(false)
    } finally {
      c.close()
    }
  })
})

/** GET over the node's self-signed TLS (HTTP/1.1), certificate not checked, as gateways do. */
async function fetchInsecure(url: string): Promise<{ json(): Promise<unknown> }> {
  const { get } = await import('node:https')
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (res) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => resolve({ json: async () => JSON.parse(body) }))
    }).on('error', reject)
  })
}
