/** Reads the dev deployment file written by `prism dev`. */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { type Deployment, decodeDeployment } from '@prism/protocol'
import { ChainDeploymentMissingError } from './errors.ts'

/** Default location of the deployment file, relative to the working directory. */
export const DEFAULT_DEPLOYMENT_PATH = '.prism/dev/deployment.json'

/**
 * Reads and validates a deployment file.
 *
 * @throws ChainDeploymentMissingError (`CHAIN_DEPLOYMENT_MISSING`) when the file does not exist.
 * @throws ChainDeploymentInvalidError (`CHAIN_DEPLOYMENT_INVALID`) when it is malformed.
 * @example
 * const network = getNetwork('dev', await loadDeployment())
 */
export async function loadDeployment(path: string = DEFAULT_DEPLOYMENT_PATH): Promise<Deployment> {
  const abs = resolve(path)
  let text: string
  try {
    text = await readFile(abs, 'utf8')
  } catch (err) {
    throw new ChainDeploymentMissingError(abs, err)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    return decodeDeployment({ unparsable: String(err) })
  }
  return decodeDeployment(json)
}
