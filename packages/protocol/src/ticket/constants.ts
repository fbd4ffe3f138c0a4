/** Maximum winProb: 2^256 − 1, the denominator of every win probability (docs/protocol.md §1.4). */
export const MAX_WIN_PROB: bigint = (1n << 256n) - 1n

/** secp256k1 group order n. */
export const SECP256K1_N: bigint = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

/** n / 2: the largest s a signature may carry (low-s rule, docs/protocol.md §1.2). */
export const SECP256K1_HALF_N: bigint = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n

/** Most tickets an orchestrator accepts per TicketParams set (go-livepeer maxSenderNonces). */
export const MAX_SENDER_NONCES = 600
