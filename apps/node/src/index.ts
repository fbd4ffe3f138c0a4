// biome-ignore-all lint/performance/noBarrelFile: the package entry point is the one real barrel.
/**
 * @prism/node public entry: what tests, benchmarks and other roles import. The `prism` command
 * itself starts at main.ts.
 */

export { CHAIN_FLAGS, runChain } from './cli/chain.ts'
export {
  ORCHESTRATOR_FLAGS,
  type RunningOrchestrator,
  type StartOrchestratorOptions,
  startOrchestrator,
} from './cli/orchestrator.ts'
export { PAYMENT_FLAGS, type PaymentFlagValues, paymentStackFromFlags } from './cli/paymentFlags.ts'
export { EnhancedEventEmitter, type EventMap } from './lib/EnhancedEventEmitter.ts'
export { logger } from './lib/logger.ts'
export {
  h264EncodeArgs,
  liveDecoderThreadArgs,
  liveEncoderThreadArgs,
  rtpInputArgs,
  rtpInputSdp,
  rtpOutputArgs,
  vp8EncodeArgs,
} from './media/ffmpeg/args.ts'
export { FfmpegProcess, runningFfmpegPids } from './media/ffmpeg/FfmpegProcess.ts'
export { type EncoderChoice, type H264Encoder, selectH264Encoder } from './media/ffmpeg/selectEncoder.ts'
export { parseRtpHeader } from './media/rtpVideoInfo.ts'
export { allocateRtpPortPair, RtpSink, RtpSource } from './media/udp.ts'
export { type FrameFormat, frameSize, type VideoFrame } from './media/VideoFrame.ts'
export { Y4mReader } from './media/Y4mReader.ts'
export { OrchestratorMetrics } from './metrics/OrchestratorMetrics.ts'
export { registerPaymentMetrics } from './metrics/PaymentMetrics.ts'
export { AiFrameProcessor } from './orchestrator/compute/AiFrameProcessor.ts'
export type {
  AiFrame,
  AiFrameProcessorOptions,
  AiFrameProcessorStats,
} from './orchestrator/compute/AiFrameProcessorTypes.ts'
export { aiInfoContributor, aiModelInfos } from './orchestrator/compute/aiInfoContributor.ts'
export { precheckFileModels } from './orchestrator/compute/precheckFileModels.ts'
export * as orchestratorErrors from './orchestrator/errors.ts'
export { buildServer } from './orchestrator/http/buildServer.ts'
export { paymentPlugin } from './orchestrator/http/routes/payment.ts'
export type { InfoContext, InfoContributor, ServerOptions } from './orchestrator/http/ServerTypes.ts'
export { Orchestrator } from './orchestrator/Orchestrator.ts'
export type {
  CreateSessionParameters,
  OrchestratorEvents,
  OrchestratorObserverEvents,
  OrchestratorOptions,
  PaymentsHandler,
} from './orchestrator/OrchestratorTypes.ts'
export { BalanceLedger } from './orchestrator/payment/balanceLedger.ts'
export { ticketParamsContributor } from './orchestrator/payment/infoContribution.ts'
export {
  PaymentManager,
  type PaymentManagerOptions,
  type PaymentSessionHandle,
} from './orchestrator/payment/paymentManager.ts'
export { PricePolicy, type PricePolicyOptions } from './orchestrator/payment/pricePolicy.ts'
export { SessionPaymentController } from './orchestrator/payment/sessionPaymentController.ts'
export { type IssuedTicketParams, TicketParamsIssuer } from './orchestrator/payment/ticketParamsIssuer.ts'
export { type ReceiveResult, TicketReceiver } from './orchestrator/payment/ticketReceiver.ts'
export {
  createPaymentStack,
  type PaymentStack,
  type PaymentStackOptions,
} from './orchestrator/paymentStack.ts'
export {
  type AiPipelineKindOptions,
  type AiPipelineSpec,
  createAiPipelineKind,
  decodeAiPipelineSpec,
} from './orchestrator/pipelines/aiPipelineKind.ts'
export { defineFramePipelineKind } from './orchestrator/pipelines/defineFramePipelineKind.ts'
export {
  FramePipeline,
  type FramePipelineOptions,
  type RenditionOutput,
} from './orchestrator/pipelines/FramePipeline.ts'
export { PassthroughPipeline, passthroughKind } from './orchestrator/pipelines/PassthroughPipeline.ts'
export type {
  FramePipelineKindDefinition,
  FrameStageContext,
  OutputPixels,
  Pipeline,
  PipelineContext,
  PipelineEvents,
  PipelineKind,
  PipelineStats,
} from './orchestrator/pipelines/PipelineTypes.ts'
export type { FrameStage, StageStats } from './orchestrator/pipelines/StageTypes.ts'
export { parseTranscodingOptions, transcodeKind } from './orchestrator/pipelines/transcodeKind.ts'
export { RewardService } from './orchestrator/reward/rewardService.ts'
export { Session } from './orchestrator/sessions/Session.ts'
export type {
  SessionEvents,
  SessionObserverEvents,
  SessionStats,
} from './orchestrator/sessions/SessionTypes.ts'
export { RedemptionLoop } from './orchestrator/settlement/redemptionLoop.ts'
export { SettlementStore } from './orchestrator/settlement/store.ts'
export { MediaPeer } from './webrtc/MediaPeer.ts'
export type { DataChannelLike, MediaPeerEvents, MediaPeerOptions } from './webrtc/MediaPeerTypes.ts'
