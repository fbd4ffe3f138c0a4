/** Maps viem failures to the typed chain errors. */
import {
  CallExecutionError,
  ContractFunctionRevertedError,
  HttpRequestError,
  TimeoutError,
  BaseError as ViemBaseError,
  WaitForTransactionReceiptTimeoutError,
} from 'viem'
import { isBaseError } from '../errors/base.ts'
import {
  type ChainError,
  ChainRequestFailedError,
  ChainRevertError,
  ChainRpcUnavailableError,
  ChainTxTimeoutError,
} from './errors.ts'

const REVERT_TEXT =
  /(?:execution reverted|reverted with reason string|revert)[:\s]+['"]?([^'"\n]+?)['"]?(?:\n|$)/i

const UNREACHABLE_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH']

function unreachable(err: unknown): boolean {
  let cur: unknown = err
  for (let i = 0; cur && i < 10; i++) {
    if (cur instanceof HttpRequestError || cur instanceof TimeoutError) return true
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string' && UNREACHABLE_CODES.includes(code)) return true
    if (cur instanceof Error && /fetch failed|failed to fetch|ECONNREFUSED|socket hang up/i.test(cur.message))
      return true
    cur = cur instanceof Error ? cur.cause : undefined
  }
  return false
}

/**
 * Converts anything a viem call threw into a {@link ChainError}: a revert (decoded, or found in
 * the node's error text) becomes CHAIN_REVERT with its reason, a missing receipt CHAIN_TX_TIMEOUT,
 * an unreachable endpoint CHAIN_RPC_UNAVAILABLE, anything else CHAIN_REQUEST_FAILED. A Prism
 * error passes through unchanged.
 *
 * @param err - what viem threw
 * @param functionName - the contract function or RPC method, for the message
 * @param rpcUrl - the endpoint, for CHAIN_RPC_UNAVAILABLE
 * @example
 * try { await publicClient.simulateContract(…) } catch (e) { throw toChainError(e, 'reward', rpcUrl) }
 */
export function toChainError(err: unknown, functionName: string, rpcUrl: string): ChainError {
  if (isBaseError(err)) return err as ChainError
  if (err instanceof WaitForTransactionReceiptTimeoutError) return new ChainTxTimeoutError(functionName, err)
  if (err instanceof ViemBaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError) {
      const reason = reverted.reason ?? reverted.data?.errorName ?? reverted.signature ?? 'unknown reason'
      return new ChainRevertError({ reason, functionName, cause: err })
    }
  }
  if (unreachable(err)) return new ChainRpcUnavailableError(rpcUrl, err)
  if (err instanceof ViemBaseError) {
    // Reverts surfaced by the node as RPC errors (e.g. during gas estimation) carry the text only.
    const exec = err.walk((e) => e instanceof CallExecutionError) ?? err
    const text = `${(exec as ViemBaseError).details ?? ''}\n${err.message}`
    const m = REVERT_TEXT.exec(text)
    if (m?.[1]) return new ChainRevertError({ reason: m[1].trim(), functionName, cause: err })
  }
  return new ChainRequestFailedError(functionName, err)
}
