/** The `prism gateway` role. Not built yet: see the open issues. */
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('prism: the gateway role is not built yet\n')
  return 2
}
