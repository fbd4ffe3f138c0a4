/**
 * CPU time of processes read from /proc (Linux), for benchmarks that split the cost of a stream
 * between the node, its ffmpeg children and the clients: a process and its descendants, sampled
 * at two instants, give each process's CPU seconds in between; a process's main thread alone
 * (`/proc/<pid>/task/<pid>/stat`) is its event loop's busy time.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc's utime and stime (USER_HZ, `getconf CLK_TCK`). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** One process (or thread) as /proc reports it. */
export type ProcEntry = { pid: number; ppid: number; comm: string; state: string; cpuSeconds: number }

/** Reads `/proc/.../stat` (user + system time, parent, command name), or undefined when gone. */
export function readProcStat(path: string): ProcEntry | undefined {
  let text: string
  try {
    text = readFileSync(path, 'latin1')
  } catch {
    return undefined
  }
  // the command name is in parentheses and may itself hold spaces or parentheses
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  const rest = text.slice(close + 2).split(' ')
  // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15
  return {
    pid: Number(text.slice(0, open).trim()),
    ppid: Number(rest[1]),
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '',
    cpuSeconds: (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND,
  }
}

/** CPU seconds so far of every process in the tree of `root` (itself included), by pid. */
export function sampleTree(root: number): Map<number, ProcEntry> {
  const all: ProcEntry[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const e = readProcStat(`/proc/${name}/stat`)
    if (e) all.push(e)
  }
  const children = new Map<number, ProcEntry[]>()
  for (const e of all) children.set(e.ppid, [...(children.get(e.ppid) ?? []), e])
  const out = new Map<number, ProcEntry>()
  const self = all.find((e) => e.pid === root)
  const queue = self ? [self] : []
  while (queue.length > 0) {
    const e = queue.shift()!
    out.set(e.pid, e)
    queue.push(...(children.get(e.pid) ?? []))
  }
  return out
}

/** CPU seconds so far of the main thread of `pid` (for Node: the event loop), 0 when gone. */
export function mainThreadCpuSeconds(pid: number): number {
  return readProcStat(`/proc/${pid}/task/${pid}/stat`)?.cpuSeconds ?? 0
}

/**
 * CPU seconds each process of `after` used since `before` (a process new in `after` counts whole),
 * summed per group that `groupOf` names (e.g. by command name); undefined groups are skipped.
 */
export function cpuByGroup(
  before: Map<number, ProcEntry>,
  after: Map<number, ProcEntry>,
  groupOf: (e: ProcEntry) => string | undefined,
): Map<string, number> {
  const out = new Map<string, number>()
  for (const e of after.values()) {
    const g = groupOf(e)
    if (g === undefined) continue
    const used = e.cpuSeconds - (before.get(e.pid)?.cpuSeconds ?? 0)
    out.set(g, (out.get(g) ?? 0) + Math.max(0, used))
  }
  return out
}
