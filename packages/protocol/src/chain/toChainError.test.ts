import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  BaseError as ViemBaseError,
  WaitForTransactionReceiptTimeoutError,
} from 'viem'
import { describe, expect, it } from 'vitest'
import { ticketBrokerAbi } from './abis.ts'
import { ChainAccountMissingError } from './errors.ts'
import { toChainError } from './toChainError.ts'

const errorString = [{ type: 'error', name: 'Error', inputs: [{ name: 'message', type: 'string' }] }] as const

function reverted(reason: string) {
  const data = encodeErrorResult({ abi: errorString, errorName: 'Error', args: [reason] })
  const cause = new ContractFunctionRevertedError({
    abi: ticketBrokerAbi,
    functionName: 'redeemWinningTicket',
    data,
  })
  return new ContractFunctionExecutionError(cause, {
    abi: ticketBrokerAbi,
    functionName: 'redeemWinningTicket',
    args: [],
  })
}

describe('toChainError', () => {
  it('maps a decoded revert to CHAIN_REVERT with the revert string', () => {
    const err = toChainError(reverted('ticket is used'), 'redeemWinningTicket', 'http://rpc')
    expect(err).toMatchObject({
      code: 'CHAIN_REVERT',
      reason: 'ticket is used',
      functionName: 'redeemWinningTicket',
    })
  })

  it('finds a revert string in the node error text (gas estimation)', () => {
    const raw = new ViemBaseError('RPC error', { details: 'execution reverted: ticket is expired' })
    expect(toChainError(raw, 'redeemWinningTicket', 'http://rpc')).toMatchObject({
      code: 'CHAIN_REVERT',
      reason: 'ticket is expired',
    })
  })

  it('maps an unreachable endpoint to CHAIN_RPC_UNAVAILABLE naming the URL', () => {
    const down = new HttpRequestError({ url: 'http://127.0.0.1:1', cause: new Error('fetch failed') })
    const err = toChainError(down, 'eth_blockNumber', 'http://127.0.0.1:1')
    expect(err.code).toBe('CHAIN_RPC_UNAVAILABLE')
    expect(err.message).toContain('http://127.0.0.1:1')
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })
    expect(toChainError(new Error('x', { cause: refused }), 'eth_call', 'u').code).toBe(
      'CHAIN_RPC_UNAVAILABLE',
    )
  })

  it('maps a missing receipt to CHAIN_TX_TIMEOUT', () => {
    const timeout = new WaitForTransactionReceiptTimeoutError({ hash: `0x${'11'.repeat(32)}` })
    expect(toChainError(timeout, 'reward', 'u').code).toBe('CHAIN_TX_TIMEOUT')
  })

  it('passes Prism errors through and wraps anything else as CHAIN_REQUEST_FAILED', () => {
    const missing = new ChainAccountMissingError('reward')
    expect(toChainError(missing, 'reward', 'u')).toBe(missing)
    const other = toChainError(new Error('bad response'), 'eth_call', 'u')
    expect(other.code).toBe('CHAIN_REQUEST_FAILED')
    expect(other.cause).toBeInstanceOf(Error)
  })
})
