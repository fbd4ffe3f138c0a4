/**
 * The orchestrator's fresh self-signed TLS certificate, made at every start as go-livepeer makes
 * its own: ECDSA P-256 key, random 128-bit serial, valid from now for 8765 hours (about a year),
 * the service host as subject alternative name, CA, key usage certSign + digitalSignature, extended
 * key usage serverAuth. Gateways cannot validate it and skip verification (every go-livepeer
 * client does). Node has no API that creates X.509 certificates; `@peculiar/x509` builds it over
 * Node's WebCrypto.
 */
import { randomBytes, webcrypto } from 'node:crypto'
import { chmod, writeFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { join } from 'node:path'
import * as x509 from '@peculiar/x509'

/** A PEM certificate and its PEM (PKCS#8) private key. */
export type TlsMaterial = { cert: string; key: string }

/** Validity of the certificate: 8765 hours. */
export const SELF_SIGNED_VALIDITY_MS = 8765 * 3600 * 1000

type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>
type X509Keys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys']

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const

/**
 * Makes a new self-signed certificate for `host` (a DNS name, or an IP literal put in an IP SAN).
 *
 * @example
 * const { cert, key } = await createSelfSignedCert('o.example.com')
 * http2.createSecureServer({ cert, key, allowHTTP1: true })
 */
export async function createSelfSignedCert(host: string, now: Date = new Date()): Promise<TlsMaterial> {
  const crypto = webcrypto as unknown as X509Crypto
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as unknown as X509Keys
  const serial = randomBytes(16)
  serial[0] = (serial[0] ?? 0) & 0x7f // a positive INTEGER in 16 bytes
  const bare = host.replace(/^\[|\]$/g, '')
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial.toString('hex'),
      name: [{ CN: [bare] }],
      notBefore: now,
      notAfter: new Date(now.getTime() + SELF_SIGNED_VALIDITY_MS),
      signingAlgorithm: ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: isIP(bare) ? 'ip' : 'dns', value: bare }]),
      ],
    },
    crypto,
  )
  const pkcs8 = Buffer.from(
    await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as unknown as webcrypto.CryptoKey),
  )
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`
  return { cert: cert.toString('pem'), key }
}

/**
 * Makes a certificate for `host` and writes it to `<dir>/cert.pem` and `<dir>/key.pem`, both
 * owner-only (0600), replacing the previous start's.
 *
 * @example
 * const tls = await writeSelfSignedCert('127.0.0.1', dataDir)
 */
export async function writeSelfSignedCert(host: string, dir: string): Promise<TlsMaterial> {
  const material = await createSelfSignedCert(host)
  for (const [name, pem] of [
    ['cert.pem', material.cert],
    ['key.pem', material.key],
  ] as const) {
    const path = join(dir, name)
    await writeFile(path, pem, { mode: 0o600 })
    await chmod(path, 0o600) // an existing file keeps its mode on write
  }
  return material
}
