/**
 * Invalid signatures cost no CPU: a payment over the ticket cap (600, the nonces one params set
 * allows) is refused before any signature is verified; a payment of garbage signatures costs one
 * verification (the first invalid signature ends it); repeated failed payments from one address
 * are answered 429 PAYMENT_RATE_LIMITED without being looked at, while the gateway they were sent
 * in the name of keeps paying from its own address. Signature work is counted through the
 * receiver's injected verifier (the real one, wrapped), never timed. Real anvil, real node.
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningOrchestrator } from '@prism/node'
import {
  createChainClient,
  getNetwork,
  type Payment,
  paymentToHeader,
  toHex,
  verifyTicketSignature,
} from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPaymentStack, type PaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'
import type { Payer } from '../../helpers/whip/payer.ts'
import { payerFor, rawPayment } from '../payment/gatewayKit.ts'

const BURST = 4

let chain: DevChain
let stack: PaymentStack
let node: RunningOrchestrator
let dataDir: string
let payer: Payer
let verifications = 0

beforeAll(async () => {
  chain = await startDevChain({ gateways: 1, roundLength: 400 })
  dataDir = mkdtempSync(join(tmpdir(), 'prism-ticketcpu-'))
  const client = createChainClient({
    network: getNetwork('dev', chain.deployment),
    rpcUrl: chain.rpcUrl,
    account: chain.accounts.orchestrator.privateKey,
    pollingIntervalMs: 100,
  })
  stack = await createPaymentStack({
    client,
    dataDir,
    price: { pricePerUnit: 1000n, autoAdjustPrice: false },
    payments: {
      ticketEV: 10n ** 12n,
      failedPaymentBurst: BURST,
      // no refill within the test: the limit is what the burst allows
      failedPaymentsPerSecond: 0.001,
      verifyTicketSignature: (ticket, sig, sender) => {
        verifications++
        return verifyTicketSignature(ticket, sig, sender)
      },
    },
    reward: false,
    pollMs: 100,
  })
  node = await startTestOrchestrator({ payments: stack, monitor: false })
  payer = await payerFor(chain, chain.accounts.gateways[0]!, node.url)
})

afterAll(async () => {
  await node?.close()
  await stack?.close()
  await chain?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** A well-shaped signature (65 bytes, low s, v 27) that signs nothing. */
function garbageSig(i: number): `0x${string}` {
  const b = new Uint8Array(65)
  for (let k = 0; k < 64; k++) b[k] = (i * 31 + k * 17 + 1) & 0xff
  b[32] = 0x11 // s well below n/2
  b[64] = 27
  return toHex(b)
}

/** The gateway's real params and sender, with `n` garbage signatures. */
async function garbagePayment(n: number): Promise<Payment> {
  const p = await rawPayment(payer, chain.accounts.gateways[0]!, [])
  return {
    ...p,
    ticketSenderParams: Array.from({ length: n }, (_, i) => ({ senderNonce: 1000 + i, sig: garbageSig(i) })),
  }
}

/** POST /payment with the payment as a text/plain body, from `localAddress` (a loopback alias). */
function post(
  payment: Payment,
  localAddress = '127.0.0.1',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = paymentToHeader(payment)
  const url = new URL(`${node.url}/payment`)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'text/plain',
          'content-length': Buffer.byteLength(body),
          'livepeer-session': 'ticket-cpu',
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('invalid signatures cost no CPU', () => {
  it('refuses 9,800 tickets before verifying any signature', async () => {
    const before = verifications
    const res = await post(await garbagePayment(9800), '127.0.0.3')
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('PAYMENT_TOO_MANY_TICKETS')
    expect(verifications - before).toBe(0)
  })

  it('stops at the first invalid signature of 600', async () => {
    const before = verifications
    const res = await post(await garbagePayment(600), '127.0.0.3')
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('TICKET_SIG_INVALID')
    expect(verifications - before).toBe(1)
  })

  it('rate-limits failed payments per address, not the gateway they name', async () => {
    const gw = chain.accounts.gateways[0]!
    const codes: string[] = []
    const before = verifications
    for (let i = 0; i < BURST + 3; i++) {
      const res = await post(await garbagePayment(600), '127.0.0.2')
      codes.push(`${res.status} ${String(res.body.code)}`)
    }
    // BURST failures are looked at (one verification each), then the address is refused unread.
    expect(codes.slice(0, BURST)).toEqual(Array(BURST).fill('400 TICKET_SIG_INVALID'))
    expect(codes.slice(BURST)).toEqual(Array(3).fill('429 PAYMENT_RATE_LIMITED'))
    expect(verifications - before).toBe(BURST)
    // Even a valid payment from that address waits for its bucket to refill.
    expect((await post(await rawPayment(payer, gw, [1, 2]), '127.0.0.2')).body.code).toBe(
      'PAYMENT_RATE_LIMITED',
    )

    // The gateway named in the garbage (never proven by it) pays from its own address.
    const ok = await post(await rawPayment(payer, gw, [3, 4, 5]))
    expect(ok.status).toBe(200)
    expect(ok.body.accepted).toBe(3)
  })
})
