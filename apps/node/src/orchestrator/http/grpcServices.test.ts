import { describe, expect, it } from 'vitest'
import { encodeGrpcMessage, isGrpcRequest } from './grpcServices.ts'
import type { AnyRequest } from './transport.ts'

describe('encodeGrpcMessage', () => {
  it('keeps printable ASCII (colons, spaces) and escapes %, controls and non-ASCII bytes', () => {
    expect(encodeGrpcMessage('Invalid orchestrator request: OrchestratorCapped')).toBe(
      'Invalid orchestrator request: OrchestratorCapped',
    )
    expect(encodeGrpcMessage('100%\n')).toBe('100%25%0A')
    expect(encodeGrpcMessage('é')).toBe('%C3%A9')
    expect(decodeURIComponent(encodeGrpcMessage('a: b% é\t'))).toBe('a: b% é\t')
  })
})

describe('isGrpcRequest', () => {
  const req = (major: number, type?: string) =>
    ({ httpVersionMajor: major, headers: type ? { 'content-type': type } : {} }) as unknown as AnyRequest
  it('takes HTTP/2 requests whose content type starts with application/grpc', () => {
    expect(isGrpcRequest(req(2, 'application/grpc'))).toBe(true)
    expect(isGrpcRequest(req(2, 'application/grpc+proto'))).toBe(true)
    expect(isGrpcRequest(req(1, 'application/grpc'))).toBe(false)
    expect(isGrpcRequest(req(2, 'application/json'))).toBe(false)
    expect(isGrpcRequest(req(2))).toBe(false)
  })
})
