/**
 * The `prism transcoder` role: attaches to an orchestrator with a shared secret and transcodes the
 * segments it is sent. See docs/transcoder.md.
 */
import { TranscoderWorker } from '../transcoder/TranscoderWorker.ts'
import { CliFlagInvalidError } from './errors.ts'
import { formatHelp, parseFlags } from './flags.ts'

const FLAGS = {
  orchAddr: { type: 'string', default: '', help: 'Orchestrator base URL, e.g. https://127.0.0.1:8935.' },
  orchSecret: {
    type: 'string',
    default: '',
    help: 'Shared secret configured on the orchestrator (-orchSecret).',
  },
  maxSessions: { type: 'number', default: 1, help: 'Concurrent segment jobs this transcoder accepts.' },
} as const

/** Runs the transcoder until SIGINT/SIGTERM. Returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS)
  if (flags.help) {
    process.stdout.write(
      formatHelp('prism transcoder', 'Attached transcoder worker for an orchestrator.', FLAGS),
    )
    return 0
  }
  if (!flags.orchAddr) throw new CliFlagInvalidError('-orchAddr is required')
  if (!flags.orchSecret) throw new CliFlagInvalidError('-orchSecret is required')
  const addr = /^https?:\/\//.test(flags.orchAddr) ? flags.orchAddr : `https://${flags.orchAddr}`
  const worker = new TranscoderWorker({
    orchAddr: addr,
    secret: flags.orchSecret,
    capacity: flags.maxSessions,
  })
  worker.on('attached', (id) => process.stdout.write(`prism transcoder: attached to ${addr} as ${id}\n`))
  worker.on('error', (err) => process.stderr.write(`prism transcoder: ${err.message}\n`))
  worker.start()
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  worker.close()
  return 0
}
