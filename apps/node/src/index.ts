// biome-ignore-all lint/performance/noBarrelFile: the package entry point is the one real barrel.
/**
 * @prism/node public entry: what tests, benchmarks and other roles import. The `prism` command
 * itself starts at main.ts.
 */
export {
  ORCHESTRATOR_FLAGS,
  type RunningOrchestrator,
  type StartOrchestratorOptions,
  startOrchestrator,
} from './cli/orchestrator.ts'
export { WhipRequestError } from './client/errors.ts'
export { Payer, type PayerChain, type PayerOptions, type PayerPayment } from './client/payer.ts'
export { WhipClient } from './client/WhipClient.ts'
export type {
  WhipClientEvents,
  WhipClientOptions,
  WhipClientSource,
  WhipClientStats,
} from './client/WhipClientTypes.ts'
export { AiFrameProcessor } from './inference/AiFrameProcessor.ts'
export type {
  AiFrame,
  AiFrameProcessorOptions,
  AiFrameProcessorStats,
} from './inference/AiFrameProcessorTypes.ts'
export { aiInfoContributor, aiModelInfos } from './inference/aiInfoContributor.ts'
export {
  type AiPipelineKindOptions,
  type AiPipelineSpec,
  createAiPipelineKind,
  decodeAiPipelineSpec,
} from './inference/aiPipelineKind.ts'
export { precheckFileModels } from './inference/precheckFileModels.ts'
export { EnhancedEventEmitter, type EventMap } from './lib/EnhancedEventEmitter.ts'
export { logger } from './lib/logger.ts'
export { FfmpegProcess, runningFfmpegPids } from './media/ffmpeg/FfmpegProcess.ts'
export { type EncoderChoice, type H264Encoder, selectH264Encoder } from './media/ffmpeg/selectEncoder.ts'
export { type FrameFormat, frameSize, type VideoFrame } from './media/VideoFrame.ts'
export { OrchestratorMetrics } from './metrics/OrchestratorMetrics.ts'
export * as orchestratorErrors from './orchestrator/errors.ts'
export { Orchestrator } from './orchestrator/Orchestrator.ts'
export type {
  CreateSessionParameters,
  OrchestratorEvents,
  OrchestratorObserverEvents,
  OrchestratorOptions,
  PaymentsHandler,
} from './orchestrator/OrchestratorTypes.ts'
export type {
  FramePipelineKindDefinition,
  FrameStageContext,
  OutputPixels,
  Pipeline,
  PipelineContext,
  PipelineEvents,
  PipelineKind,
  PipelineStats,
} from './orchestrator/PipelineTypes.ts'
export { defineFramePipelineKind } from './orchestrator/pipelines/defineFramePipelineKind.ts'
export {
  FramePipeline,
  type FramePipelineOptions,
  type RenditionOutput,
} from './orchestrator/pipelines/FramePipeline.ts'
export { PassthroughPipeline, passthroughKind } from './orchestrator/pipelines/PassthroughPipeline.ts'
export { parseTranscodingOptions, transcodeKind } from './orchestrator/pipelines/transcodeKind.ts'
export { Session } from './orchestrator/Session.ts'
export type { SessionEvents, SessionObserverEvents, SessionStats } from './orchestrator/SessionTypes.ts'
export type { FrameStage, StageStats } from './orchestrator/StageTypes.ts'
export { BalanceLedger } from './payment/balanceLedger.ts'
export { ticketParamsContributor } from './payment/infoContribution.ts'
export { PAYMENT_FLAGS, paymentStackFromFlags } from './payment/paymentFlags.ts'
export {
  PaymentManager,
  type PaymentManagerOptions,
  type PaymentSessionHandle,
} from './payment/paymentManager.ts'
export { paymentPlugin } from './payment/paymentRoute.ts'
export { createPaymentStack, type PaymentStack, type PaymentStackOptions } from './payment/paymentStack.ts'
export { PricePolicy, type PricePolicyOptions } from './payment/pricePolicy.ts'
export { SessionPaymentController } from './payment/sessionPaymentController.ts'
export { type IssuedTicketParams, TicketParamsIssuer } from './payment/ticketParamsIssuer.ts'
export { type ReceiveResult, TicketReceiver } from './payment/ticketReceiver.ts'
export { RewardService } from './reward/rewardService.ts'
export { buildServer } from './server/buildServer.ts'
export type { InfoContext, InfoContributor, PriceJson, ServerOptions } from './server/ServerTypes.ts'
export { registerPaymentMetrics } from './settlement/paymentMetrics.ts'
export { RedemptionLoop } from './settlement/redemptionLoop.ts'
export { SettlementStore } from './settlement/store.ts'
export { MediaPeer } from './webrtc/MediaPeer.ts'
export type { DataChannelLike, MediaPeerEvents, MediaPeerOptions } from './webrtc/MediaPeerTypes.ts'
