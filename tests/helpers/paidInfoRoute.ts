/**
 * `GET /info?sender=` for test nodes that get paid (the in-process paid segment node and the
 * payment node process): an OrchestratorInfo with the PaymentStack's recipient and base price,
 * plus the per-sender ticket params of `ticketParamsContributor`.
 */
import type { OrchestratorInfo } from '@prism/protocol'
import type { FastifyInstance } from 'fastify'
import { ticketParamsContributor } from '../../apps/node/src/orchestrator/payment/infoContribution.ts'
import type { PaymentStack } from '../../apps/node/src/orchestrator/paymentStack.ts'

/** What differs between the test nodes' `/info`. */
export type PaidInfoOptions = {
  /** `capacity.maxSessions`. */
  maxSessions: number
  /** Advertised encoder (`'none'` for a node that does not transcode). */
  encoder: string
}

/**
 * Registers `GET /info` on `app`, priced and ticketed by `stack`.
 *
 * @example
 * registerPaidInfoRoute(app, stack, { maxSessions: 10, encoder: 'libx264' })
 */
export function registerPaidInfoRoute(
  app: FastifyInstance,
  stack: PaymentStack,
  opts: PaidInfoOptions,
): void {
  const contribute = ticketParamsContributor(stack.payments)
  app.get('/info', async (req) => {
    const sender = (req.query as { sender?: string }).sender
    const base = {
      version: 1,
      address: stack.recipient,
      serviceURI: 'http://127.0.0.1',
      nodeVersion: 'test',
      price: stack.payments.basePriceJson(),
      capabilities: [],
      capabilityBitstring: [],
      pipelines: [],
      models: [],
      capacity: { maxSessions: opts.maxSessions, sessions: 0 },
      encoder: opts.encoder,
    } satisfies OrchestratorInfo
    return { ...base, ...(await contribute(base, sender ? { sender } : {})) }
  })
}
