/**
 * Entry point of the `prism` command: picks the role (first argument) and runs it.
 * Each role lives in `cli/<role>.ts` and exports `run(argv): Promise<number>`.
 */
import { readFileSync } from 'node:fs'
import { isBaseError } from '@prism/protocol'

/** The version of the `prism` command (apps/node/package.json). */
export const PRISM_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

type Role = { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> }

const ROLES: Record<string, Role> = {
  orchestrator: {
    summary: 'run an orchestrator (default role)',
    load: () => import('./cli/orchestrator.ts'),
  },
  dev: {
    summary: 'local chain + contracts + orchestrator + web app (what npm start runs)',
    load: () => import('./cli/dev.ts'),
  },
  gateway: {
    summary: 'headless gateway: RTMP/WHIP ingest, segments, dispatch',
    load: () => import('./cli/gateway.ts'),
  },
  transcoder: {
    summary: 'attached transcoder worker for an orchestrator',
    load: () => import('./cli/transcoder.ts'),
  },
  chain: {
    summary: "operator's chain tools: status, bond, fees, gateway funds",
    load: () => import('./cli/chain.ts'),
  },
  web: { summary: 'serve the built web app (npm run build)', load: () => import('./cli/web.ts') },
}

function usage(): string {
  const roles = Object.entries(ROLES).map(([name, r]) => `  ${name.padEnd(13)} ${r.summary}`)
  return [
    'Usage: prism <role> [flags]',
    '',
    'Roles:',
    ...roles,
    '',
    'Run `prism <role> --help` for its flags, `prism --version` for the version.',
    '',
  ].join('\n')
}

/** Runs the command line `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(usage())
    return 0
  }
  if (first === '--version' || first === '-version' || first === '-v' || first === 'version') {
    process.stdout.write(`prism ${PRISM_VERSION}\n`)
    return 0
  }
  const roleName = first === undefined || first.startsWith('-') ? 'orchestrator' : first
  const args = roleName === first ? rest : argv
  const role = ROLES[roleName]
  if (!role) {
    process.stderr.write(`prism: unknown role "${roleName}"\n\n${usage()}`)
    return 2
  }
  try {
    const mod = await role.load()
    return await mod.run(args)
  } catch (err) {
    if (isBaseError(err)) {
      process.stderr.write(`prism ${roleName}: [${err.code}] ${err.message}\n`)
      return err.code === 'CLI_FLAG_INVALID' ? 2 : 1
    }
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write(`prism: role "${roleName}" is not available in this build\n`)
      return 2
    }
    throw err
  }
}
