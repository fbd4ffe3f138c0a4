/**
 * SettlementStore: the node's durable state in SQLite (better-sqlite3), the only module that
 * touches the database. Holds the winning-ticket queue and the last round reward() was called in.
 *
 * Writes are synchronous and committed (WAL, `synchronous = FULL`) before the call returns, so a
 * caller that acknowledges a payment after `insertWinningTicket()` never loses a ticket to a crash.
 *
 * The tickets carry recipientRand secrets: the database and its `-wal`/`-shm` files are owner-only
 * (0600) and a data folder the store creates is 0700.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { hashTicket, type WinningTicket } from '@prism/protocol'
import Database from 'better-sqlite3'
import type { Hex } from 'viem'
import { SettlementStoreError } from './errors.ts'
import type { QueuedTicket, WinningTicketStatus } from './winningTicket.ts'

/** Options of {@link SettlementStore.open}. */
export type SettlementStoreOptions = {
  /** Folder of the database (created if missing); `':memory:'` for a throwaway store. */
  dataDir: string
  /** File name inside `dataDir`. Default: `settlement.sqlite`. */
  fileName?: string
}

/**
 * Creates `file` 0600 when missing and tightens it and its `-wal`/`-shm` to 0600 (a store an older
 * release left 0644). SQLite gives the WAL files the database file's mode, so they follow.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600))
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
}

type TicketRow = {
  ticket_hash: string
  sender: string
  recipient: string
  face_value: string
  win_prob: string
  sender_nonce: string
  recipient_rand: string
  recipient_rand_hash: string
  sig: string
  creation_round: string
  creation_round_block_hash: string
  params_expiration_block: string
  status: WinningTicketStatus
  attempts: number
  last_error: string | null
  tx_hash: string | null
  session_id: string | null
  received_at: number
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ticket_queue (
  ticket_hash TEXT PRIMARY KEY,
  sender TEXT NOT NULL,
  recipient TEXT NOT NULL,
  face_value TEXT NOT NULL,
  win_prob TEXT NOT NULL,
  sender_nonce TEXT NOT NULL,
  recipient_rand TEXT NOT NULL,
  recipient_rand_hash TEXT NOT NULL,
  sig TEXT NOT NULL,
  creation_round TEXT NOT NULL,
  creation_round_block_hash TEXT NOT NULL,
  params_expiration_block TEXT NOT NULL,
  params_expiration_block_num INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  tx_hash TEXT,
  session_id TEXT,
  received_at INTEGER NOT NULL,
  settled_at INTEGER
);
CREATE INDEX IF NOT EXISTS ticket_queue_pending ON ticket_queue (status, received_at);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`

function toQueued(r: TicketRow): QueuedTicket {
  return {
    ticketHash: r.ticket_hash as Hex,
    sender: r.sender as Hex,
    recipient: r.recipient as Hex,
    faceValue: BigInt(r.face_value),
    winProb: BigInt(r.win_prob),
    senderNonce: BigInt(r.sender_nonce),
    recipientRand: BigInt(r.recipient_rand),
    recipientRandHash: r.recipient_rand_hash as Hex,
    sig: r.sig as Hex,
    creationRound: BigInt(r.creation_round),
    creationRoundBlockHash: r.creation_round_block_hash as Hex,
    paramsExpirationBlock: BigInt(r.params_expiration_block),
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    txHash: (r.tx_hash as Hex | null) ?? null,
    sessionId: r.session_id,
    receivedAt: r.received_at,
  }
}

/**
 * Durable settlement state. Open with {@link SettlementStore.open}; close with `close()`.
 *
 * @example
 * const store = SettlementStore.open({ dataDir: '/var/lib/prism' })
 * store.insertWinningTicket(ticket, { paramsExpirationBlock: 540n, sessionId: 's1', now: Date.now() })
 * store.pendingTickets() // [ticket…]
 */
export class SettlementStore {
  readonly #db: Database.Database
  #closed = false

  private constructor(db: Database.Database) {
    this.#db = db
  }

  /**
   * Opens (creating if needed) the store.
   *
   * @throws SettlementStoreError (`SETTLEMENT_STORE_FAILED`) when the folder or file cannot be opened.
   */
  static open(options: SettlementStoreOptions): SettlementStore {
    try {
      let file = ':memory:'
      if (options.dataDir !== ':memory:') {
        mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
        file = join(options.dataDir, options.fileName ?? 'settlement.sqlite')
        ownerOnly(file)
      }
      const db = new Database(file)
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
      db.exec(SCHEMA)
      return new SettlementStore(db)
    } catch (err) {
      throw new SettlementStoreError(`cannot open settlement store in ${options.dataDir}`, err)
    }
  }

  /**
   * Writes a winning ticket, keyed by its hash, committed before returning. Inserting the same
   * ticket again is a no-op (returns false), so a replayed winner is never queued twice.
   *
   * @param meta.paramsExpirationBlock - the ticket's params expiration block (it is redeemed after it).
   * @returns true when the ticket was new.
   * @throws SettlementStoreError (`SETTLEMENT_STORE_FAILED`) when the write fails.
   */
  insertWinningTicket(
    t: WinningTicket,
    meta: { paramsExpirationBlock: bigint; sessionId?: string; now: number },
  ): boolean {
    try {
      const res = this.#db
        .prepare(
          `INSERT OR IGNORE INTO ticket_queue (ticket_hash, sender, recipient, face_value, win_prob,
            sender_nonce, recipient_rand, recipient_rand_hash, sig, creation_round,
            creation_round_block_hash, params_expiration_block, params_expiration_block_num,
            session_id, received_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(
          hashTicket(t),
          t.sender,
          t.recipient,
          t.faceValue.toString(),
          t.winProb.toString(),
          t.senderNonce.toString(),
          t.recipientRand.toString(),
          t.recipientRandHash,
          t.sig,
          t.creationRound.toString(),
          t.creationRoundBlockHash,
          meta.paramsExpirationBlock.toString(),
          Number(meta.paramsExpirationBlock),
          meta.sessionId ?? null,
          meta.now,
        )
      return res.changes === 1
    } catch (err) {
      throw new SettlementStoreError('cannot write winning ticket', err)
    }
  }

  /** Pending tickets, oldest first. */
  pendingTickets(): QueuedTicket[] {
    const rows = this.#db
      .prepare(`SELECT * FROM ticket_queue WHERE status = 'pending' ORDER BY received_at, rowid`)
      .all() as TicketRow[]
    return rows.map(toQueued)
  }

  /** Every ticket, oldest first (tests, admin). */
  allTickets(): QueuedTicket[] {
    const rows = this.#db
      .prepare('SELECT * FROM ticket_queue ORDER BY received_at, rowid')
      .all() as TicketRow[]
    return rows.map(toQueued)
  }

  /** One ticket by hash, or undefined. */
  getTicket(ticketHash: Hex): QueuedTicket | undefined {
    const row = this.#db.prepare('SELECT * FROM ticket_queue WHERE ticket_hash = ?').get(ticketHash) as
      | TicketRow
      | undefined
    return row ? toQueued(row) : undefined
  }

  /** Number of pending tickets. */
  pendingCount(): number {
    const row = this.#db.prepare(`SELECT COUNT(*) AS n FROM ticket_queue WHERE status = 'pending'`).get() as {
      n: number
    }
    return row.n
  }

  /** Records a final outcome: `redeemed` (paid or already used) or `failed` (never payable). */
  settle(
    ticketHash: Hex,
    outcome: { status: 'redeemed' | 'failed'; txHash?: Hex; reason?: string; now: number },
  ) {
    this.#db
      .prepare(
        `UPDATE ticket_queue SET status = ?, tx_hash = COALESCE(?, tx_hash), last_error = ?, settled_at = ?
         WHERE ticket_hash = ?`,
      )
      .run(outcome.status, outcome.txHash ?? null, outcome.reason ?? null, outcome.now, ticketHash)
  }

  /** Records a retryable failure; the ticket stays pending. */
  recordAttemptFailure(ticketHash: Hex, reason: string) {
    this.#db
      .prepare('UPDATE ticket_queue SET attempts = attempts + 1, last_error = ? WHERE ticket_hash = ?')
      .run(reason, ticketHash)
  }

  /** The last round in which reward() succeeded (or was found already called), or undefined. */
  getLastRewardRound(): bigint | undefined {
    const row = this.#db.prepare(`SELECT value FROM kv WHERE key = 'lastRewardRound'`).get() as
      | { value: string }
      | undefined
    return row ? BigInt(row.value) : undefined
  }

  /** Persists the last reward round, committed before returning. */
  setLastRewardRound(round: bigint): void {
    this.#db
      .prepare(
        `INSERT INTO kv (key, value) VALUES ('lastRewardRound', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      )
      .run(round.toString())
  }

  /** Closes the database. Idempotent. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#db.close()
  }
}
