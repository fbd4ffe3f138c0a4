/**
 * Loads the gateway's signing key (`-ethKeyFile`): a file holding a 32-byte hex private key
 * (with or without 0x). Without a file, an ephemeral key is generated (offchain use only).
 */
import { readFile } from 'node:fs/promises'
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { GatewayKeyInvalidError } from '../errors.ts'

/**
 * Reads the key file, or makes an ephemeral key when `path` is empty.
 *
 * @throws GatewayKeyInvalidError (`GATEWAY_KEY_INVALID`) when the file is missing or not a key.
 * @example
 * const account = await loadSigner('/secrets/gateway.key')
 */
export async function loadSigner(path: string | undefined): Promise<PrivateKeyAccount> {
  if (!path) return privateKeyToAccount(generatePrivateKey())
  let text: string
  try {
    text = (await readFile(path, 'utf8')).trim()
  } catch (err) {
    throw new GatewayKeyInvalidError(`cannot read ${path}`, err)
  }
  const hex = text.startsWith('0x') ? text : `0x${text}`
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex))
    throw new GatewayKeyInvalidError(`${path} does not hold a 32-byte hex key`)
  return privateKeyToAccount(hex as `0x${string}`)
}
