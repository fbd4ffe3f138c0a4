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
export { buildServer } from './server/buildServer.ts'
export type { InfoContext, InfoContributor, PriceJson, ServerOptions } from './server/ServerTypes.ts'
export { MediaPeer } from './webrtc/MediaPeer.ts'
export type { DataChannelLike, MediaPeerEvents, MediaPeerOptions } from './webrtc/MediaPeerTypes.ts'
