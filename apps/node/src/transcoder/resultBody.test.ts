import { describe, expect, it } from 'vitest'
import { resultRequest } from './resultBody.ts'

describe('resultRequest', () => {
  it('writes go-livepeer’s headers and multipart/mixed body', () => {
    const { headers, body } = resultRequest(
      {
        taskId: 9n,
        decodedPixels: 1000,
        renditions: [
          { data: Buffer.from('aa'), pixels: 10, perceptualHash: Buffer.from('h') },
          { data: Buffer.from('bbb'), pixels: 20 },
        ],
      },
      's3',
      'b0b0b0b0b0b0b0b0b0b0',
    )
    expect(headers).toEqual({
      authorization: 'Livepeer-Transcoder-1.0',
      credentials: 's3',
      taskid: '9',
      pixels: '1000',
      'content-type': 'multipart/mixed; boundary=b0b0b0b0b0b0b0b0b0b0',
    })
    expect(Buffer.concat(body).toString()).toBe(
      [
        '--b0b0b0b0b0b0b0b0b0b0',
        'Content-Type: video/mp2t',
        'Content-Length: 2',
        'Pixels: 10',
        '',
        'aa',
        '--b0b0b0b0b0b0b0b0b0b0',
        'Content-Type: application/octet-stream',
        'Content-Length: 1',
        '',
        'h',
        '--b0b0b0b0b0b0b0b0b0b0',
        'Content-Type: video/mp2t',
        'Content-Length: 3',
        'Pixels: 20',
        '',
        'bbb',
        '--b0b0b0b0b0b0b0b0b0b0--',
        '',
      ].join('\r\n'),
    )
  })

  it('posts an error as livepeer/transcoding-error with 0 pixels', () => {
    const { headers, body } = resultRequest({ taskId: 1n, error: 'segment / profile mismatch' }, 's3')
    expect(headers['content-type']).toBe('livepeer/transcoding-error')
    expect(headers.pixels).toBe('0')
    expect(Buffer.concat(body).toString()).toBe('segment / profile mismatch')
  })

  it('uses a 20-hex-character boundary', () => {
    expect(
      resultRequest({ taskId: 1n, renditions: [], decodedPixels: 0 }, 's').headers['content-type'],
    ).toMatch(/^multipart\/mixed; boundary=[0-9a-f]{20}$/)
  })
})
