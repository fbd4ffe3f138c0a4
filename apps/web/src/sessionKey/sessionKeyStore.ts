import { del, get, set } from 'idb-keyval'
import type { Hex } from 'viem'
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

/** The tab's session key: the ticket sender. */
export type SessionKey = {
  /** The viem local account (signs tickets and the unlock/withdraw transactions). */
  account: PrivateKeyAccount
  /** The private key, for export. */
  privateKey: Hex
}

function storageKey(chainId: number): string {
  return `prism.sessionKey.${chainId}`
}

/**
 * Loads the session key of this chain from IndexedDB, or creates and stores a new one.
 * @param chainId the chain the key is used on (one key per chain).
 * @returns the session key.
 * @example
 * const key = await loadOrCreateSessionKey(31337)
 */
export async function loadOrCreateSessionKey(chainId: number): Promise<SessionKey> {
  let privateKey = (await get<Hex>(storageKey(chainId))) ?? undefined
  if (!privateKey) {
    privateKey = generatePrivateKey()
    await set(storageKey(chainId), privateKey)
  }
  return { account: privateKeyToAccount(privateKey), privateKey }
}

/**
 * Forgets the stored session key (after its funds went back to the wallet) and creates a new one.
 * @param chainId the chain.
 * @returns the new session key.
 */
export async function replaceSessionKey(chainId: number): Promise<SessionKey> {
  await del(storageKey(chainId))
  return loadOrCreateSessionKey(chainId)
}

/**
 * A JSON document to save the session key outside the browser (import it in any wallet).
 * @param key the session key.
 * @param chainId the chain it is used on.
 * @returns pretty JSON with address, private key and chain id.
 */
export function exportSessionKey(key: SessionKey, chainId: number): string {
  return JSON.stringify({ address: key.account.address, privateKey: key.privateKey, chainId }, null, 2)
}
