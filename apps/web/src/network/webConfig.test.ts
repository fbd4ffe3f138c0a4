import { describe, expect, it } from 'vitest'
import { parseWebConfig, withQuery } from './webConfig.ts'

describe('web config (config.json and query parameters)', () => {
  it('reads the documented fields', () => {
    expect(
      parseWebConfig({
        network: 'arbitrum-one',
        rpc: 'https://rpc.example',
        orchestrators: ['https://a.example:8935'],
        maxPrice: '1200',
      }),
    ).toEqual({
      network: 'arbitrum-one',
      rpc: 'https://rpc.example',
      orchestrators: ['https://a.example:8935'],
      maxPrice: '1200',
    })
    expect(parseWebConfig({ orchestrators: 'http://a, http://b' }).orchestrators).toEqual([
      'http://a',
      'http://b',
    ])
    expect(parseWebConfig({})).toEqual({})
  })

  it('names the bad field', () => {
    expect(() => parseWebConfig([])).toThrow(/not a JSON object/)
    expect(() => parseWebConfig({ network: 'mainnet' })).toThrow(/"network"/)
    expect(() => parseWebConfig({ rpc: 'ftp://x' })).toThrow(/"rpc"/)
    expect(() => parseWebConfig({ orchestrators: [1] })).toThrow(/"orchestrators"/)
    expect(() => parseWebConfig({ maxPrice: 'cheap' })).toThrow(
      expect.objectContaining({ code: 'WEB_CONFIG_INVALID' }),
    )
  })

  it('lets query parameters override the file', () => {
    const c = withQuery(
      { rpc: 'http://a', orchestrators: ['http://x'], maxPrice: '5' },
      '?rpc=http://b&orchestrators=http://y,http://z&network=arbitrum-one',
    )
    expect(c).toEqual({
      rpc: 'http://b',
      orchestrators: ['http://y', 'http://z'],
      maxPrice: '5',
      network: 'arbitrum-one',
    })
    expect(withQuery({ maxPrice: '5' }, '?maxPrice=0').maxPrice).toBe('0')
    expect(withQuery({}, '')).toEqual({})
  })
})
