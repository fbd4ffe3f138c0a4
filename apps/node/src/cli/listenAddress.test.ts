import { describe, expect, it } from 'vitest'
import { planListen, splitHostPort } from './listenAddress.ts'

describe('planListen', () => {
  it('serves TLS without a scheme or with https://', () => {
    expect(planListen('127.0.0.1:8935')).toEqual({ host: '127.0.0.1', port: 8935, tls: true })
    expect(planListen('https://127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0, tls: true })
  })

  it('serves plaintext when -httpAddr or -serviceAddr says http://', () => {
    expect(planListen('http://127.0.0.1:8935').tls).toBe(false)
    expect(planListen('0.0.0.0:8935', 'http://o.example:8935')).toEqual({
      host: '0.0.0.0',
      port: 8935,
      tls: false,
      serviceHostPort: 'o.example:8935',
    })
  })

  it('binds every interface for an empty host and strips IPv6 brackets', () => {
    expect(planListen(':8935').host).toBe('0.0.0.0')
    expect(planListen('[::1]:8935').host).toBe('::1')
  })

  it('refuses a path, another scheme, a missing port and disagreeing schemes', () => {
    expect(() => planListen('http://127.0.0.1:8935/x')).toThrow('-httpAddr must not include a path')
    expect(() => planListen('127.0.0.1:8935', 'o.example:1/p')).toThrow(
      '-serviceAddr must not include a path',
    )
    expect(() => planListen('ftp://127.0.0.1:21')).toThrow(/scheme "ftp"/)
    expect(() => planListen('127.0.0.1')).toThrow(/expected host:port/)
    expect(() => planListen('http://127.0.0.1:1', 'https://o.example:1')).toThrow(/disagree/)
  })
})

describe('splitHostPort', () => {
  it('splits at the last colon', () => {
    expect(splitHostPort('o.example:443')).toEqual({ host: 'o.example', port: 443 })
    expect(() => splitHostPort('o.example:')).toThrow()
    expect(() => splitHostPort('o.example:70000')).toThrow()
  })
})
