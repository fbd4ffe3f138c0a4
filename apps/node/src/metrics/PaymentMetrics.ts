/**
 * Prometheus metrics of payments, settlement and reward (docs/protocol.md §6.4 names where the meaning
 * matches go-livepeer). Registered on the node's prom-client registry; values come from the
 * managers' events and, for gauges, are read at scrape time. Business code never touches metrics.
 */
import { ratFloor } from '@prism/protocol'
import { Counter, Gauge, type Registry } from 'prom-client'
import type { PaymentManager } from '../orchestrator/payment/paymentManager.ts'
import type { RewardService } from '../orchestrator/reward/rewardService.ts'
import type { RedemptionLoop } from '../orchestrator/settlement/redemptionLoop.ts'
import type { SettlementStore } from '../orchestrator/settlement/store.ts'

/** The managers to observe; each is optional. */
export type PaymentMetricsSources = {
  payments?: PaymentManager
  loop?: RedemptionLoop
  rewards?: RewardService
  store?: SettlementStore
}

const toGwei = (wei: bigint) => Number(wei) / 1e9

/**
 * Registers the metrics and subscribes to the managers' events.
 *
 * Metrics: `livepeer_ticket_value_redeemed` (gwei), `livepeer_ticket_redemption_errors`,
 * `livepeer_winning_tickets_recv`, `livepeer_tickets_recv`, `livepeer_ticket_value_recv` (gwei),
 * `livepeer_payment_recv_errors{code}`, `prism_ticket_queue_length`,
 * `prism_sessions_balance_wei`, `prism_sessions_owing`, `livepeer_reward_call_errors`, `prism_reward_calls_total`,
 * `prism_last_reward_round`.
 * @example
 * registerPaymentMetrics(metrics.registry, { payments, loop, rewards, store })
 */
export function registerPaymentMetrics(registry: Registry, s: PaymentMetricsSources): void {
  const registers = [registry]
  const redeemed = new Counter({
    name: 'livepeer_ticket_value_redeemed',
    help: 'Face value of winning tickets redeemed by this node, gwei.',
    registers,
  })
  const redeemErrors = new Counter({
    name: 'livepeer_ticket_redemption_errors',
    help: 'Failed redemption attempts (retryable and final).',
    registers,
  })
  const winners = new Counter({
    name: 'livepeer_winning_tickets_recv',
    help: 'Winning tickets received and stored.',
    registers,
  })
  const tickets = new Counter({
    name: 'livepeer_tickets_recv',
    help: 'Tickets accepted (EV credited).',
    registers,
  })
  const valueRecv = new Counter({
    name: 'livepeer_ticket_value_recv',
    help: 'EV credited from accepted tickets, gwei.',
    registers,
  })
  const recvErrors = new Counter({
    name: 'livepeer_payment_recv_errors',
    help: 'Rejected payments or tickets, by error code.',
    labelNames: ['code'],
    registers,
  })
  const rewardErrors = new Counter({
    name: 'livepeer_reward_call_errors',
    help: 'Failed reward() calls.',
    registers,
  })
  const rewardCalls = new Counter({
    name: 'prism_reward_calls_total',
    help: 'Successful reward() calls.',
    registers,
  })
  const store = s.store
  new Gauge({
    name: 'prism_ticket_queue_length',
    help: 'Winning tickets stored and not yet settled.',
    registers,
    collect() {
      if (store) this.set(store.pendingCount())
    },
  })
  new Gauge({
    name: 'prism_last_reward_round',
    help: 'Last round in which reward() was called (or found called).',
    registers,
    collect() {
      const r = store?.getLastRewardRound()
      if (r !== undefined) this.set(Number(r))
    },
  })
  const payments = s.payments
  new Gauge({
    name: 'prism_sessions_balance_wei',
    help: 'Sum of the credit balances of live sessions, wei (no per-session labels: /metrics is public).',
    registers,
    collect() {
      let sum = 0
      for (const x of payments?.sessions() ?? []) sum += Number(x.balance)
      this.set(sum)
    },
  })
  new Gauge({
    name: 'prism_sessions_owing',
    help: 'Live sessions whose balance is below zero.',
    registers,
    collect() {
      this.set((payments?.sessions() ?? []).filter((x) => Number(x.balance) < 0).length)
    },
  })
  s.loop?.on('redeemed', (t, tx) => {
    if (tx) redeemed.inc(toGwei(t.faceValue))
  })
  s.loop?.on('redemptionerror', () => redeemErrors.inc())
  if (payments) {
    payments.receiver.on('winningTicket', () => winners.inc())
    payments.receiver.on('ticketAccepted', (_s, _t, ev) => {
      tickets.inc()
      valueRecv.inc(toGwei(ratFloor(ev)))
    })
    payments.receiver.on('ticketRejected', (_s, err) => recvErrors.inc({ code: err.code }))
  }
  s.rewards?.on('reward', () => rewardCalls.inc())
  s.rewards?.on('rewarderror', () => rewardErrors.inc())
}
