import { Emitter } from '../lib/Emitter.ts'
import type { Redemption } from './watchRedemptions.ts'

/** What the ledger panel shows. Amounts in wei. */
export type LedgerState = {
  orchestrator: string | undefined
  /** Tickets signed and sent (all sessions of this stream). */
  ticketsSent: number
  /** Payment messages sent. */
  payments: number
  /** Expected value of the tickets sent. */
  evPaid: number
  /** Price per pixel of the current session, wei. */
  pricePerPixel: number | undefined
  /** Last balance the node reported for the current session. */
  balance: number | undefined
  /** Tickets the node acknowledged as accepted. */
  ticketsAccepted: number
  /** Winning tickets the node reported (acks). */
  winningTickets: number
  /** WinningTicketRedeemed events on chain for our sender. */
  redeemedOnChain: number
  /** Sum of the face values redeemed on chain. */
  redeemedValue: bigint
  /** The last redemptions seen on chain, newest first (at most 20). */
  redemptions: Redemption[]
  /** Node state: `paying`, `paused: …`, `closing: …`. */
  status: string
  /** Last payment errors (node or local). */
  errors: string[]
}

const INITIAL: LedgerState = {
  orchestrator: undefined,
  ticketsSent: 0,
  payments: 0,
  evPaid: 0,
  pricePerPixel: undefined,
  balance: undefined,
  ticketsAccepted: 0,
  winningTickets: 0,
  redeemedOnChain: 0,
  redeemedValue: 0n,
  redemptions: [],
  status: 'idle',
  errors: [],
}

/**
 * The payment ledger of the tab: what was paid, what the node says, what the chain says.
 * @example
 * const ledger = new PaymentLedger(); ledger.update({ ticketsSent: 3 })
 */
export class PaymentLedger {
  readonly events = new Emitter<{ change: [] }>()
  #state: LedgerState = INITIAL

  get state(): LedgerState {
    return this.#state
  }

  /** Merges a patch. */
  update(patch: Partial<LedgerState>): void {
    this.#state = { ...this.#state, ...patch }
    this.events.emit('change')
  }

  /** Adds to counters. */
  add(delta: {
    ticketsSent?: number
    payments?: number
    evPaid?: number
    ticketsAccepted?: number
    winningTickets?: number
  }): void {
    const s = this.#state
    this.update({
      ticketsSent: s.ticketsSent + (delta.ticketsSent ?? 0),
      payments: s.payments + (delta.payments ?? 0),
      evPaid: s.evPaid + (delta.evPaid ?? 0),
      ticketsAccepted: s.ticketsAccepted + (delta.ticketsAccepted ?? 0),
      winningTickets: s.winningTickets + (delta.winningTickets ?? 0),
    })
  }

  /** Adds redemptions read from the chain (newest first, the last 20 kept). */
  addRedemptions(fresh: readonly Redemption[]): void {
    if (fresh.length === 0) return
    this.update({ redemptions: [...[...fresh].reverse(), ...this.#state.redemptions].slice(0, 20) })
  }

  /** Records an error line (keeps the last 5). */
  error(line: string): void {
    this.update({ errors: [...this.#state.errors.slice(-4), line] })
  }
}
