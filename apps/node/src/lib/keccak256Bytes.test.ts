import { keccak256 } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { keccak256Bytes, keccak256BytesJs, keccak256WasmReady } from './keccak256Bytes.ts'

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`

// keccak256Bytes hashes in JS until the WebAssembly Keccak has loaded: wait for it, so that the
// first set of cases below checks the WebAssembly one
beforeAll(async () => {
  expect(await keccak256WasmReady).toBe(true)
})

describe.each([
  ['WebAssembly', keccak256Bytes],
  ['JS', keccak256BytesJs],
])('keccak256Bytes (%s)', (_name, keccak256Bytes) => {
  it('is Keccak-256 (not SHA3-256) of the empty input', () => {
    expect(hex(keccak256Bytes(new Uint8Array(0)))).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    )
  })

  it('matches viem for every length around the 136-byte block and for a segment-sized body', () => {
    let seed = 1
    const byte = () => {
      seed = (seed * 1103515245 + 12345) >>> 0
      return seed >>> 24
    }
    const lengths = [...Array.from({ length: 420 }, (_, i) => i), 4095, 4096, 210_001]
    for (const n of lengths) {
      const data = Uint8Array.from({ length: n }, byte)
      expect(hex(keccak256Bytes(data)), `length ${n}`).toBe(keccak256(data))
    }
  })

  it('hashes a view into a larger buffer by its own bytes only', () => {
    const whole = Uint8Array.from({ length: 400 }, (_, i) => i & 0xff)
    const view = whole.subarray(17, 317)
    expect(hex(keccak256Bytes(view))).toBe(keccak256(view.slice()))
  })
})
