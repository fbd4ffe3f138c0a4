#!/usr/bin/env node
// The `prism` command. Loads the TypeScript sources through tsx, so no build step is needed.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main.ts')
const code = await main(process.argv.slice(2))
if (typeof code === 'number') process.exitCode = code
