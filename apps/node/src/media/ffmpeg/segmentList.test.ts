import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type ListedSegment, readSegmentList, segmentOutputArgs } from './segmentList.ts'

describe('segmentOutputArgs + readSegmentList', () => {
  it('hands on every segment of a real ffmpeg run in order, with durations, and deletes the files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prism-seglist-'))
    try {
      const child = spawn(
        'ffmpeg',
        [
          '-v',
          'error',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=160x90:rate=25',
          '-t',
          '3',
          '-c:v',
          'libx264',
          '-g',
          '25',
          ...segmentOutputArgs(1, join(dir, 'seg_%03d.ts')),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      const got: ListedSegment[] = []
      const errors: Error[] = []
      const list = readSegmentList(
        child.stdout,
        dir,
        (s) => got.push(s),
        (e) => errors.push(e),
      )
      const code = await new Promise<number | null>((r) => child.on('close', r))
      await list.settled()
      expect(code).toBe(0)
      expect(errors).toEqual([])
      expect(list.count()).toBe(3)
      expect(got.map((s) => s.seq)).toEqual([0, 1, 2])
      for (const s of got) {
        expect(s.data[0]).toBe(0x47) // MPEG-TS sync byte
        expect(s.durationMs).toBeGreaterThan(500)
      }
      // The list's start/end times: the segments cover the 3 s clip.
      expect(Math.abs(got.reduce((a, s) => a + s.durationMs, 0) - 3000)).toBeLessThanOrEqual(200)
      expect(await readdir(dir)).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
