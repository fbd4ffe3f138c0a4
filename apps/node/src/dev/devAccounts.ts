/** The deterministic dev accounts: anvil's default test mnemonic, 10 accounts funded with 10000 ETH. */
import type { DevAccount, DevAccounts } from '@prism/protocol'
import { toHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'

/** anvil's default mnemonic. Public knowledge: never hold real funds with these keys. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk'

/** Number of accounts anvil creates and funds (`--accounts`). */
export const DEV_ACCOUNT_COUNT = 10

/**
 * The first `count` accounts of {@link DEV_MNEMONIC} (m/44'/60'/0'/0/i), as anvil funds them.
 *
 * @example
 * devAccountList()[1].address // '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
 */
export function devAccountList(count = DEV_ACCOUNT_COUNT): DevAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i })
    const key = account.getHdKey().privateKey
    if (!key) throw new Error(`no private key for dev account ${i}`)
    return { address: account.address, privateKey: toHex(key) }
  })
}

/**
 * Roles of the dev accounts: index 0 deployer, 1…`orchestrators` orchestrators, the next
 * `gateways` accounts gateways.
 *
 * @example
 * const { orchestrator, gateways } = assignDevAccounts({ orchestrators: 1, gateways: 3 })
 */
export function assignDevAccounts(opts: { orchestrators: number; gateways: number }): DevAccounts {
  const all = devAccountList()
  if (opts.orchestrators < 1 || 1 + opts.orchestrators + opts.gateways > all.length)
    throw new RangeError(`need 1 to ${all.length - 1} accounts for orchestrators + gateways`)
  const orchestrators = all.slice(1, 1 + opts.orchestrators)
  return {
    deployer: all[0]!,
    orchestrator: orchestrators[0]!,
    orchestrators,
    gateways: all.slice(1 + opts.orchestrators, 1 + opts.orchestrators + opts.gateways),
  }
}
