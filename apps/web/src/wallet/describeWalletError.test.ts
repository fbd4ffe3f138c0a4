import { describe, expect, it } from 'vitest'
import { describeWalletError } from './describeWalletError.ts'
import { WalletNotFoundError } from './errors.ts'

describe('describeWalletError', () => {
  it('tells the user to install a wallet when there is no extension', () => {
    const err = Object.assign(new Error('Provider not found.'), { name: 'ProviderNotFoundError' })
    expect(describeWalletError(err)).toBe(
      'no browser wallet found: install MetaMask (or another wallet extension) and reload the page, or use the dev wallet on the dev chain',
    )
    expect(describeWalletError(new WalletNotFoundError())).toContain('dev wallet')
    expect(new WalletNotFoundError().code).toBe('WEB_WALLET_NOT_FOUND')
  })

  it('says a refused request must be approved', () => {
    const err = Object.assign(new Error('User rejected the request.'), { name: 'UserRejectedRequestError' })
    expect(describeWalletError(err)).toContain('refused')
    expect(describeWalletError({ code: 4001, message: 'x' })).toContain('refused')
  })

  it('keeps the first line of anything else', () => {
    expect(describeWalletError(new Error('chain mismatch\ndetails'))).toBe('chain mismatch')
    expect(describeWalletError('boom')).toBe('boom')
  })
})
