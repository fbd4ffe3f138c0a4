import { describe, expect, it } from 'vitest'
import { PaymentLedger } from '../payment/PaymentLedger.ts'
import { StandbyLedger } from './StandbyLedger.ts'

describe('StandbyLedger', () => {
  it('counts a standby payment at once, shows its status only once it serves', () => {
    const ledger = new PaymentLedger()
    ledger.update({ orchestrator: 'http://a', status: 'paying' })
    let serving = false
    const view = new StandbyLedger(ledger, () => serving)
    view.update({ orchestrator: 'http://b', status: 'waiting for the payment channel' })
    view.add({ ticketsSent: 3, payments: 1 })
    view.update({ balance: 42 })
    view.error('PAYMENT_X: transient')
    expect(ledger.state).toMatchObject({
      orchestrator: 'http://a',
      status: 'paying',
      ticketsSent: 3,
      payments: 1,
    })
    expect(ledger.state.errors).toEqual([])
    serving = true
    view.update({ status: 'paying (keeping the balance positive)' })
    expect(ledger.state).toMatchObject({
      orchestrator: 'http://b',
      status: 'paying (keeping the balance positive)',
      balance: 42,
      ticketsSent: 3,
    })
    view.error('PAYMENT_Y: shown')
    expect(ledger.state.errors).toEqual(['PAYMENT_Y: shown'])
  })

  it('passes everything through for a session that serves from the start', () => {
    const ledger = new PaymentLedger()
    const view = new StandbyLedger(ledger, () => true)
    view.update({ orchestrator: 'http://a' })
    view.add({ ticketsSent: 1 })
    expect(view.state).toBe(ledger.state)
    expect(ledger.state).toMatchObject({ orchestrator: 'http://a', ticketsSent: 1 })
  })
})
