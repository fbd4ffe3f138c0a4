import { createPrivateKey, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSelfSignedCert, SELF_SIGNED_VALIDITY_MS, writeSelfSignedCert } from './selfSignedCert.ts'

describe('createSelfSignedCert', () => {
  it('makes a self-signed P-256 CA certificate for the host, valid about a year, server auth', async () => {
    const now = new Date('2026-01-02T03:04:05Z')
    const { cert, key } = await createSelfSignedCert('o.example.com', now)
    const x = new X509Certificate(cert)
    expect(x.subject).toBe('CN=o.example.com')
    expect(x.issuer).toBe(x.subject)
    expect(x.subjectAltName).toBe('DNS:o.example.com')
    expect(x.ca).toBe(true)
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']) // Node lists the extended key usage here
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    expect(new Date(x.validFrom).getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000)
    expect(new Date(x.validTo).getTime() - new Date(x.validFrom).getTime()).toBe(SELF_SIGNED_VALIDITY_MS)
    expect(x.verify(x.publicKey)).toBe(true)
    expect(x.checkPrivateKey(createPrivateKey(key))).toBe(true)
  })

  it('puts an IP literal in an IP SAN and draws a new 128-bit serial each time', async () => {
    const a = new X509Certificate((await createSelfSignedCert('127.0.0.1')).cert)
    const b = new X509Certificate((await createSelfSignedCert('[::1]')).cert)
    expect(a.subjectAltName).toBe('IP Address:127.0.0.1')
    expect(b.subjectAltName).toMatch(/^IP Address:0?:?0?:.*1$|^IP Address:::1$/)
    expect(a.serialNumber).toMatch(/^[0-9A-F]{1,32}$/)
    expect(a.serialNumber).not.toBe(b.serialNumber)
  })
})

describe('writeSelfSignedCert', () => {
  it('writes cert.pem and key.pem owner-only, replacing an older pair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prism-cert-'))
    try {
      writeFileSync(join(dir, 'key.pem'), 'old', { mode: 0o644 })
      const m = await writeSelfSignedCert('127.0.0.1', dir)
      for (const name of ['cert.pem', 'key.pem']) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600)
      expect(readFileSync(join(dir, 'cert.pem'), 'utf8')).toBe(m.cert)
      expect(readFileSync(join(dir, 'key.pem'), 'utf8')).toBe(m.key)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
