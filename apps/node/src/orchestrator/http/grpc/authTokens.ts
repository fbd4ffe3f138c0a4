/**
 * The orchestrator's auth tokens (go-livepeer's session credentials): `GetOrchestrator` issues a
 * new one per call (8-hex session id, 30 min, HMAC-SHA256 under a secret of 32 random bytes made
 * per process, so a restart invalidates every token); `/segment` checks one (present, HMAC,
 * expiry) and `EndTranscodingSession` checks only the HMAC. Issued and checked in both modes, on
 * chain and off chain.
 */
import {
  AuthTokenInvalidError,
  authTokenValid,
  type net,
  newAuthToken,
  newAuthTokenSecret,
  verifyAuthToken,
} from '@prism/protocol'

/** Options of {@link AuthTokens}. */
export type AuthTokensOptions = {
  /** HMAC secret. Default: 32 fresh random bytes. */
  secret?: Uint8Array
  /** Default: Date. */
  clock?: { now(): number }
}

/**
 * Issues and checks auth tokens: one per orchestrator process, shared by the gRPC service and
 * the `/segment` route.
 *
 * @example
 * const tokens = new AuthTokens()
 * const token = tokens.issue()                 // into OrchestratorInfo.auth_token
 * tokens.verify(segData.authToken)             // on /segment: throws missing / invalid / expired
 * tokens.verifyForEnd(req.authToken)           // EndTranscodingSession: throws `Invalid auth token`
 */
export class AuthTokens {
  readonly #secret: Uint8Array
  readonly #clock: { now(): number }

  constructor(options: AuthTokensOptions = {}) {
    this.#secret = options.secret ?? newAuthTokenSecret()
    this.#clock = options.clock ?? Date
  }

  /** Unix seconds now. */
  nowSeconds(): bigint {
    return BigInt(Math.floor(this.#clock.now() / 1000))
  }

  /** A fresh token: random 8-hex session id, expiring 30 min from now. */
  issue(): net.AuthToken {
    return newAuthToken(this.#secret, this.nowSeconds())
  }

  /**
   * A segment's token check, in go-livepeer's order.
   *
   * @throws AuthTokenMissingError (`WIRE_AUTH_TOKEN_MISSING`, `missing auth token`),
   *   AuthTokenInvalidError (`WIRE_AUTH_TOKEN_INVALID`, `invalid auth token`),
   *   AuthTokenExpiredError (`WIRE_AUTH_TOKEN_EXPIRED`, `expired auth token`).
   */
  verify(token: net.AuthToken | undefined): net.AuthToken {
    return verifyAuthToken(this.#secret, token, this.nowSeconds())
  }

  /**
   * EndTranscodingSession's check: the HMAC only (an expired token still ends its session).
   *
   * @throws AuthTokenInvalidError (`WIRE_AUTH_TOKEN_INVALID`, `Invalid auth token`).
   */
  verifyForEnd(token: net.AuthToken | undefined): net.AuthToken {
    if (!token || !authTokenValid(this.#secret, token)) throw new AuthTokenInvalidError({ endSession: true })
    return token
  }
}
