import { type LedgerState, PaymentLedger } from '../payment/PaymentLedger.ts'

/**
 * The ledger a session's payment driver writes to, for a session that may be a warm standby: what
 * it spends (tickets, payments, EV) counts in the tab's ledger at once, but its orchestrator,
 * status, balance, price and errors show only once it serves the stream (the last of them, kept
 * meanwhile, are applied then), so a standby never overwrites what the serving session shows.
 *
 * @example
 * const view = new StandbyLedger(ledger, () => gateway.session === session)
 * new PaymentDriver({ session, ledger: view, ... })
 */
export class StandbyLedger extends PaymentLedger {
  readonly #target: PaymentLedger
  readonly #serving: () => boolean
  #pending: Partial<LedgerState> | undefined = {}

  /**
   * @param target the tab's ledger.
   * @param serving whether the session serves the stream now.
   */
  constructor(target: PaymentLedger, serving: () => boolean) {
    super()
    this.#target = target
    this.#serving = serving
  }

  override get state(): LedgerState {
    return this.#target.state
  }

  override update(patch: Partial<LedgerState>): void {
    if (!this.#serving()) {
      this.#pending = { ...this.#pending, ...patch }
      return
    }
    const pending = this.#pending
    this.#pending = undefined
    this.#target.update({ ...pending, ...patch })
  }

  override add(delta: Parameters<PaymentLedger['add']>[0]): void {
    this.#target.add(delta)
  }

  override error(line: string): void {
    if (this.#serving()) this.#target.error(line)
  }
}
