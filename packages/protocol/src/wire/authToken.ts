import { create } from '@bufbuild/protobuf'
import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha2'
import { randomBytes } from '@noble/hashes/utils'
import { stringToBytes } from 'viem'
import { concatBytes, minimalBytes, toHex } from '../utils/bytes.ts'
import { AuthTokenExpiredError, AuthTokenInvalidError, AuthTokenMissingError } from './errors.ts'
import { type AuthToken, AuthTokenSchema } from './gen/net_pb.ts'

/** Lifetime of a token issued by GetOrchestrator (30 min). */
export const AUTH_TOKEN_LIFETIME_SECONDS = 1800n
/** A gateway refreshes its session this long before the token expires (the last 10 %). */
export const AUTH_TOKEN_REFRESH_MARGIN_SECONDS = 180n

/**
 * The token bytes: HMAC-SHA256(secret, utf8(sessionId) ‖ minimal big-endian |expiration|).
 * @example authTokenMac(secret, 'abcd0123', 1700000000n).length // 32
 */
export function authTokenMac(secret: Uint8Array, sessionId: string, expiration: bigint): Uint8Array {
  const exp = minimalBytes(expiration < 0n ? -expiration : expiration, 'expiration')
  return hmac(sha256, secret, concatBytes(stringToBytes(sessionId), exp))
}

/**
 * An AuthToken for a session.
 * @example createAuthToken(secret, 'abcd0123', now + AUTH_TOKEN_LIFETIME_SECONDS)
 */
export function createAuthToken(secret: Uint8Array, sessionId: string, expiration: bigint): AuthToken {
  return create(AuthTokenSchema, {
    token: authTokenMac(secret, sessionId, expiration),
    sessionId,
    expiration,
  })
}

/**
 * A fresh token as GetOrchestrator issues it: session id = 8 lower-case hex characters (4 random
 * bytes), expiration = now + 30 min.
 * @param nowSeconds - current unix time in seconds.
 * @example newAuthToken(secret, BigInt(Math.floor(Date.now() / 1000)))
 */
export function newAuthToken(secret: Uint8Array, nowSeconds: bigint): AuthToken {
  return createAuthToken(secret, toHex(randomBytes(4)).slice(2), nowSeconds + AUTH_TOKEN_LIFETIME_SECONDS)
}

/** 32 random bytes: an orchestrator process's token secret. */
export function newAuthTokenSecret(): Uint8Array {
  return randomBytes(32)
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let d = 0
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!
  return d === 0
}

/**
 * True when a token carries this process's HMAC for its session id and expiration (expiry not
 * checked; EndTranscodingSession uses this alone).
 */
export function authTokenValid(secret: Uint8Array, token: AuthToken): boolean {
  return constantTimeEqual(token.token, authTokenMac(secret, token.sessionId, token.expiration))
}

/**
 * Checks the auth token of a SegData (orchestrator), in go-livepeer's order: present, HMAC
 * matches, not expired (expired once now is past the expiration).
 * @throws WIRE_AUTH_TOKEN_MISSING, WIRE_AUTH_TOKEN_INVALID, WIRE_AUTH_TOKEN_EXPIRED
 * @example verifyAuthToken(secret, seg.authToken, nowSeconds)
 */
export function verifyAuthToken(
  secret: Uint8Array,
  token: AuthToken | undefined,
  nowSeconds: bigint,
): AuthToken {
  if (!token) throw new AuthTokenMissingError()
  if (!authTokenValid(secret, token)) throw new AuthTokenInvalidError()
  if (nowSeconds > token.expiration)
    throw new AuthTokenExpiredError(`expired at ${token.expiration}, now ${nowSeconds}`)
  return token
}

/**
 * True when a gateway should refresh its session (call GetOrchestrator again): now is past
 * expiration − 180 s.
 * @example if (authTokenNeedsRefresh(info.authToken, now)) info = await refresh()
 */
export function authTokenNeedsRefresh(token: AuthToken | undefined, nowSeconds: bigint): boolean {
  return !token || nowSeconds > token.expiration - AUTH_TOKEN_REFRESH_MARGIN_SECONDS
}
