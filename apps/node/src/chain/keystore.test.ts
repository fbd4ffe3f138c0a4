import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encryptKeystoreJsonSync } from 'ethers'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { unlockKeystore } from './keystore.ts'

const KEY_A = `0x${'0a'.repeat(32)}` as const
const KEY_B = `0x${'0b'.repeat(32)}` as const
const A = privateKeyToAccount(KEY_A).address
const B = privateKeyToAccount(KEY_B).address

/** A v3 keystore with light scrypt parameters (the format is the same; only the cost differs). */
function keystore(privateKey: `0x${string}`, password: string): string {
  const address = privateKeyToAccount(privateKey).address
  return encryptKeystoreJsonSync({ address, privateKey }, password, { scrypt: { N: 1 << 10 } })
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'prism-ks-'))
  writeFileSync(join(dir, 'pw'), 'correct horse\n', { mode: 0o600 })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('unlockKeystore', () => {
  it('decrypts a keystore file with the password file (its trailing newline ignored)', async () => {
    writeFileSync(join(dir, 'a.json'), keystore(KEY_A, 'correct horse'))
    expect(await unlockKeystore({ path: join(dir, 'a.json'), passwordFile: join(dir, 'pw') })).toEqual({
      address: A,
      privateKey: KEY_A,
    })
  })

  it('refuses a wrong password with KEYSTORE_UNLOCK_FAILED', async () => {
    writeFileSync(join(dir, 'a.json'), keystore(KEY_A, 'another password'))
    await expect(
      unlockKeystore({ path: join(dir, 'a.json'), passwordFile: join(dir, 'pw') }),
    ).rejects.toMatchObject({ code: 'KEYSTORE_UNLOCK_FAILED' })
  })

  it('picks the account of -ethAcctAddr in a keystore folder, and asks for it among several', async () => {
    const ks = join(dir, 'keystore')
    mkdirSync(ks)
    writeFileSync(join(ks, 'UTC--a'), keystore(KEY_A, 'correct horse'))
    writeFileSync(join(ks, 'UTC--b'), keystore(KEY_B, 'correct horse'))
    writeFileSync(join(ks, 'notes.txt'), 'not a keystore')
    const got = await unlockKeystore({ path: ks, passwordFile: join(dir, 'pw'), address: B })
    expect(got.address).toBe(B)
    await expect(unlockKeystore({ path: ks, passwordFile: join(dir, 'pw') })).rejects.toMatchObject({
      code: 'KEYSTORE_INVALID',
      message: expect.stringContaining('-ethAcctAddr'),
    })
  })

  it('reports a missing keystore, a file that is not one, and a missing password file', async () => {
    const pw = join(dir, 'pw')
    await expect(unlockKeystore({ path: join(dir, 'none.json'), passwordFile: pw })).rejects.toMatchObject({
      code: 'KEYSTORE_INVALID',
    })
    writeFileSync(join(dir, 'x.json'), '{"hello":1}')
    await expect(unlockKeystore({ path: join(dir, 'x.json'), passwordFile: pw })).rejects.toMatchObject({
      code: 'KEYSTORE_INVALID',
    })
    writeFileSync(join(dir, 'a.json'), keystore(KEY_A, 'correct horse'))
    await expect(
      unlockKeystore({ path: join(dir, 'a.json'), passwordFile: join(dir, 'missing') }),
    ).rejects.toMatchObject({ code: 'KEYSTORE_INVALID' })
  })
})
