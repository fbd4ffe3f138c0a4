/**
 * HTTPS: with a certificate and key the node speaks TLS and advertises an https service URI.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { get } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { decodeOrchestratorInfo } from '@prism/protocol'
import { expect, it } from 'vitest'
import { startTestOrchestrator } from '../../helpers/orchestrator.ts'

it('serves /info over HTTPS with a https serviceURI and CORS headers', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'prism-tls-'))
  const node = await (async () => {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ])
    const cert = await readFile(join(dir, 'cert.pem'))
    const key = await readFile(join(dir, 'key.pem'))
    return {
      cert,
      key,
      running: await startTestOrchestrator({
        server: { https: { cert, key }, corsOrigins: ['https://app.example'] },
      }),
    }
  })()
  try {
    expect(node.running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const { status, headers, body } = await new Promise<{
      status: number
      headers: Record<string, unknown>
      body: string
    }>((resolve, reject) => {
      get(
        `${node.running.url}/info`,
        { ca: node.cert, headers: { origin: 'https://app.example' } },
        (res) => {
          let data = ''
          res.on('data', (c) => {
            data += c
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }))
        },
      ).on('error', reject)
    })
    expect(status).toBe(200)
    expect(headers['access-control-allow-origin']).toBe('https://app.example')
    expect(decodeOrchestratorInfo(JSON.parse(body)).serviceURI).toBe(node.running.url)
  } finally {
    await node.running.close()
    await rm(dir, { recursive: true, force: true })
  }
})
