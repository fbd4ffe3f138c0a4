/**
 * The `prism transcoder` role: a standalone transcoder for an orchestrator, speaking go-livepeer's
 * protocol (RegisterTranscoder, NotifySegment, /transcodeResults), so it attaches to a Prism or a
 * go-livepeer orchestrator started with the same `-orchSecret`. See docs/transcoder.md.
 */
import { TranscoderWorker } from '../transcoder/TranscoderWorker.ts'
import { CliFlagInvalidError } from './errors.ts'
import { formatHelp, parseFlags } from './flags.ts'

const FLAGS = {
  orchAddr: {
    type: 'string',
    default: '',
    help: 'Orchestrator host:port (TLS, certificate not checked); http://host:port for a plaintext orchestrator.',
  },
  orchSecret: {
    type: 'string',
    default: '',
    help: 'Shared secret configured on the orchestrator (-orchSecret).',
  },
  capacity: { type: 'number', help: 'Sessions this transcoder accepts at once (default 1).' },
  maxSessions: { type: 'number', help: 'Same as -capacity (go-livepeer’s name for it).' },
} as const

/** Runs the transcoder until SIGINT/SIGTERM (0) or a fatal refusal (1). Returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS)
  if (flags.help) {
    process.stdout.write(
      formatHelp(
        'prism transcoder',
        'Standalone transcoder for an orchestrator (go-livepeer protocol).',
        FLAGS,
      ),
    )
    return 0
  }
  if (!flags.orchAddr) throw new CliFlagInvalidError('-orchAddr is required')
  if (!flags.orchSecret) throw new CliFlagInvalidError('-orchSecret is required')
  const capacity = flags.capacity ?? flags.maxSessions ?? 1
  if (!Number.isInteger(capacity)) throw new CliFlagInvalidError('-capacity must be an integer')
  const worker = new TranscoderWorker({ orchAddr: flags.orchAddr, secret: flags.orchSecret, capacity })
  const say = (line: string) => process.stdout.write(`prism transcoder: ${line}\n`)
  worker.on('registering', (origin) => say(`registering with ${origin} (capacity ${capacity})`))
  worker.on('taskDone', (id, ok) => say(`task ${id} ${ok ? 'done' : 'failed'}`))
  worker.on('disconnected', (err, ms) =>
    say(`stream ended${err ? `: ${err.message}` : ''}; registering again in ${ms} ms`),
  )
  worker.on('error', (err) => process.stderr.write(`prism transcoder: ${err.message}\n`))
  const code = await new Promise<number>((resolve) => {
    worker.once('fatal', (err) => {
      process.stderr.write(`prism transcoder: ${err.shortMessage}: exiting\n`)
      resolve(1)
    })
    process.once('SIGINT', () => resolve(0))
    process.once('SIGTERM', () => resolve(0))
    worker.start()
  })
  worker.close()
  return code
}
