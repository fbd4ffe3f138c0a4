/**
 * Encrypted JSON keystores (Web3 Secret Storage v3, as geth and go-livepeer write them) for
 * `-ethKeystorePath` / `-ethPassword`: the key is decrypted in memory with ethers' keystore code
 * (scrypt or pbkdf2, AES-128-CTR, MAC checked), never written anywhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { decryptKeystoreJson, isKeystoreJson } from 'ethers'
import { type Address, getAddress, type Hex } from 'viem'
import { KeystoreInvalidError, KeystoreUnlockFailedError } from './errors.ts'

/** Options of {@link unlockKeystore}. */
export type UnlockKeystoreOptions = {
  /** A keystore JSON file, or a folder of them (go-livepeer's keystore folder). */
  path: string
  /** File whose first line is the password. */
  passwordFile: string
  /** In a folder of several keystores, the account to pick (`-ethAcctAddr`). */
  address?: Address | undefined
}

/** An unlocked account. */
export type UnlockedAccount = { address: Address; privateKey: Hex }

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new KeystoreInvalidError(`cannot read the ${what} ${path}`, err)
  }
}

/** The keystore files of a folder (JSON with a `crypto` section), with their addresses. */
function keystoresIn(dir: string): { file: string; address: Address | undefined }[] {
  const found: { file: string; address: Address | undefined }[] = []
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name)
    if (!statSync(file).isFile()) continue
    const text = readFileSync(file, 'utf8')
    if (!isKeystoreJson(text)) continue
    const raw = (JSON.parse(text) as { address?: string }).address
    found.push({ file, address: raw ? getAddress(raw.startsWith('0x') ? raw : `0x${raw}`) : undefined })
  }
  return found
}

/** Picks the keystore file: `path` itself, or the one in the folder that matches `address`. */
function keystoreFile(path: string, address: Address | undefined): string {
  let isDir: boolean
  try {
    isDir = statSync(path).isDirectory()
  } catch (err) {
    throw new KeystoreInvalidError(`no keystore at ${path}`, err)
  }
  if (!isDir) return path
  const all = keystoresIn(path)
  const match = address ? all.filter((k) => k.address === getAddress(address)) : all
  if (match.length === 1) return match[0]!.file
  if (match.length === 0)
    throw new KeystoreInvalidError(
      address ? `no keystore for ${address} in ${path}` : `no keystore JSON file in ${path}`,
    )
  throw new KeystoreInvalidError(`${path} holds ${match.length} keystores: pick one with -ethAcctAddr`)
}

/**
 * Decrypts a keystore with the password in `passwordFile`.
 *
 * @throws KeystoreInvalidError (`KEYSTORE_INVALID`) for a missing or malformed file or folder;
 *   KeystoreUnlockFailedError (`KEYSTORE_UNLOCK_FAILED`) for a wrong password.
 * @example
 * const { address, privateKey } = await unlockKeystore({ path: 'keystore/', passwordFile: 'pw.txt' })
 */
export async function unlockKeystore(opts: UnlockKeystoreOptions): Promise<UnlockedAccount> {
  const file = keystoreFile(opts.path, opts.address)
  const json = readText(file, 'keystore')
  if (!isKeystoreJson(json)) throw new KeystoreInvalidError(`${file} is not a JSON keystore`)
  // the first line: a trailing newline (echo pw > file) is not part of the password
  const password = readText(opts.passwordFile, 'password file').split(/\r?\n/)[0] ?? ''
  let account: { address: string; privateKey: string }
  try {
    account = await decryptKeystoreJson(json, password)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (/password/i.test(message)) throw new KeystoreUnlockFailedError(file, err)
    throw new KeystoreInvalidError(`cannot decrypt ${file}: ${message}`, err)
  }
  const address = getAddress(account.address)
  if (opts.address && address !== getAddress(opts.address))
    throw new KeystoreInvalidError(`${file} holds ${address}, not -ethAcctAddr ${opts.address}`)
  return { address, privateKey: account.privateKey as Hex }
}
