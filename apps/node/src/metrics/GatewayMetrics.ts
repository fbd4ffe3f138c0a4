/**
 * The gateway's Prometheus metrics (`/metrics`), with go-livepeer's `livepeer_*` names where the
 * meaning matches (docs/protocol.md §6.4).
 */
import { Counter, Registry } from 'prom-client'

/** Counters of one gateway; each gateway owns its registry. */
export type GatewayMetrics = {
  registry: Registry
  discoveryErrors: Counter<'error_code' | 'orchestrator_uri'>
  swaps: Counter<string>
  verificationDone: Counter<string>
  verificationFailed: Counter<'fverror_type'>
  segmentsIn: Counter<string>
  segmentsTranscoded: Counter<string>
  segmentsFailed: Counter<string>
  ticketsSent: Counter<string>
}

/**
 * Creates the gateway metrics in a fresh registry.
 *
 * @example
 * const m = createGatewayMetrics(); await m.registry.metrics()
 */
export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry()
  const c = <L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> =>
    new Counter({ name, help, labelNames, registers: [registry] })
  return {
    registry,
    discoveryErrors: c('livepeer_discovery_errors_total', 'Orchestrator discovery errors', [
      'error_code',
      'orchestrator_uri',
    ]),
    swaps: c('livepeer_orchestrator_swaps', 'Segments moved to another orchestrator after a failure'),
    verificationDone: c('livepeer_fast_verification_done', 'Segments verified'),
    verificationFailed: c('livepeer_fast_verification_failed', 'Segments that failed verification', [
      'fverror_type',
    ]),
    segmentsIn: c('livepeer_segment_source_appeared_total', 'Source segments ingested'),
    segmentsTranscoded: c('livepeer_segment_transcoded_total', 'Segments transcoded and published'),
    segmentsFailed: c('livepeer_segment_transcode_failed_total', 'Segments that failed every attempt'),
    ticketsSent: c('livepeer_tickets_sent', 'Payment tickets sent with segments'),
  }
}
