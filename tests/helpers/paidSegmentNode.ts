/**
 * Arrange helper: a segment node that gets paid, in process: the real PaymentStack (SQLite store,
 * PaymentManager, RedemptionLoop) over a chain client on the dev chain, `GET /info?sender=` with
 * ticket params, and gRPC `GetOrchestrator` and `POST /segment` paid through that PaymentManager
 * and signed by the orchestrator's account.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createChainClient } from '@prism/protocol'
import { privateKeyToAccount } from 'viem/accounts'
import { createPaymentStack, type PaymentStack } from '../../apps/node/src/orchestrator/paymentStack.ts'
import type { DevChain } from './devChain.ts'
import { registerPaidInfoRoute } from './paidInfoRoute.ts'
import { type SegmentNode, type SegmentNodeOptions, startSegmentNode } from './segmentNode.ts'

/** A paid segment node. */
export type PaidSegmentNode = SegmentNode & { stack: PaymentStack }

/** Options of {@link startPaidSegmentNode}. */
export type PaidSegmentNodeOptions = Omit<SegmentNodeOptions, 'paid' | 'routes'> & {
  /** Wei per pixel. */
  pricePerUnit: bigint
  ticketEV: bigint
  maxFaceValue?: bigint
  /** Orchestrator account index in `chain.accounts.orchestrators`. Default: 0. */
  orchestrator?: number
}

/** Starts a paid segment node on the dev chain. */
export async function startPaidSegmentNode(
  chain: DevChain,
  opts: PaidSegmentNodeOptions,
): Promise<PaidSegmentNode> {
  const account = chain.accounts.orchestrators[opts.orchestrator ?? 0]!
  const client = createChainClient({
    network: chain.network,
    rpcUrl: chain.rpcUrl,
    account: account.privateKey,
    pollingIntervalMs: 100,
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'prism-gw-pay-'))
  const stack = await createPaymentStack({
    client,
    dataDir,
    price: { pricePerUnit: opts.pricePerUnit, autoAdjustPrice: false },
    payments: {
      ticketEV: opts.ticketEV,
      ...(opts.maxFaceValue ? { maxFaceValue: opts.maxFaceValue } : {}),
    },
    reward: false,
    pollMs: 100,
    log: () => {},
  })
  const node = await startSegmentNode({
    ...opts,
    paid: {
      payments: stack.payments,
      pricePolicy: stack.pricePolicy,
      signer: privateKeyToAccount(account.privateKey),
      address: stack.recipient,
    },
    routes: (app) => registerPaidInfoRoute(app, stack, { maxSessions: 10, encoder: 'libx264' }),
  })
  return {
    ...node,
    stack,
    close: async () => {
      await node.close()
      await stack.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
