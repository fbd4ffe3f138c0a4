/**
 * A frozen RPC does not freeze `/info`: with anvil stopped by SIGSTOP (connections accepted by the
 * kernel, never answered), `/info?sender=` answers a sender seen before from its last known state
 * (ticket params) and a sender never seen with CHAIN_RPC_UNAVAILABLE (503), both well before a
 * generous deadline; once anvil runs again the new sender gets its params. Real anvil, real node.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningOrchestrator } from '@prism/node'
import { createChainClient, type DevAccount, getNetwork } from '@prism/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPaymentStack, type PaymentStack } from '../../../apps/node/src/orchestrator/paymentStack.ts'
import { type DevChain, startDevChain } from '../../helpers/devChain.ts'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'

let chain: DevChain
let stack: PaymentStack
let node: RunningOrchestrator
let dataDir: string
let frozen = false

const freeze = () => {
  process.kill(-chain.anvilPid, 'SIGSTOP')
  frozen = true
}
const thaw = () => {
  if (frozen) process.kill(-chain.anvilPid, 'SIGCONT')
  frozen = false
}

beforeAll(async () => {
  chain = await startDevChain({ gateways: 2, roundLength: 400 })
  dataDir = mkdtempSync(join(tmpdir(), 'prism-frozenrpc-'))
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
    payments: { ticketEV: 10n ** 12n },
    reward: false,
    pollMs: 100,
  })
  node = await startTestOrchestrator({ payments: stack, monitor: false })
})

afterAll(async () => {
  thaw()
  await node?.close()
  await stack?.close()
  await chain?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** GET /info?sender= with a deadline far above the node's own (an answer at all is the point). */
async function info(who: DevAccount) {
  const res = await fetch(`${node.url}/info?sender=${who.address}`, { signal: AbortSignal.timeout(8000) })
  const body = (await res.json()) as { code?: string; ticketParams?: { recipient: string } }
  return { status: res.status, code: body.code, ticketParams: body.ticketParams }
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50))
  if (!check()) throw new Error(`timed out waiting for ${what}`)
}

describe('/info with a frozen RPC', () => {
  it('answers from the last known state, or CHAIN_RPC_UNAVAILABLE, and recovers', async () => {
    const [seen, unseen] = chain.accounts.gateways as [DevAccount, DevAccount]
    const before = await info(seen)
    expect(before.status).toBe(200)
    expect(before.ticketParams?.recipient.toLowerCase()).toBe(stack.recipient.toLowerCase())
    // A new block drops the per-block reads: the next answer for `seen` must come from memory.
    const block = stack.payments.chainState.snapshot.block
    await chain.mine(1)
    await until(() => stack.payments.chainState.snapshot.block > block, 'the node to see the block')

    freeze()
    const known = await info(seen)
    expect(known.status).toBe(200)
    expect(known.ticketParams?.recipient.toLowerCase()).toBe(stack.recipient.toLowerCase())
    expect(await info(unseen)).toMatchObject({ status: 503, code: 'CHAIN_RPC_UNAVAILABLE' })
    thaw()

    let after = await info(unseen)
    for (let i = 0; i < 40 && after.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250))
      after = await info(unseen)
    }
    expect(after.status).toBe(200)
    expect(after.ticketParams?.recipient.toLowerCase()).toBe(stack.recipient.toLowerCase())
  })
})
