import { isBaseError } from '@prism/protocol'

/** One step the user started (bond, claim, withdraw…) and where it stands. */
export type StakeStep = {
  /** What is being done, e.g. `Bond 100 LPT to 0x…`. */
  label: string
  status: 'pending' | 'confirmed' | 'failed'
  /** Transaction hash once mined, or the failure in one sentence. */
  detail?: string
}

/**
 * Runs a chain write as a visible step: pending, then confirmed with its transaction, or failed
 * with the revert reason (e.g. `withdraw round must be before or equal to the current round`).
 *
 * @example
 * await runStakeStep('Claim earnings', () => claimEarnings(client), setStep)
 */
export async function runStakeStep(
  label: string,
  write: () => Promise<{ txHash?: string } | null>,
  onStep: (step: StakeStep) => void,
): Promise<boolean> {
  onStep({ label, status: 'pending' })
  try {
    const result = await write()
    onStep({ label, status: 'confirmed', detail: result?.txHash ?? 'nothing to do' })
    return true
  } catch (err) {
    const reason =
      isBaseError(err) && 'reason' in err ? String((err as { reason: unknown }).reason) : undefined
    const message = reason ?? (err instanceof Error ? err.message.split('\n')[0] : String(err))
    onStep({ label, status: 'failed', detail: message })
    return false
  }
}
