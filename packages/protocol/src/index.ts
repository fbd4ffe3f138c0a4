// biome-ignore-all lint/performance/noBarrelFile: the package entry point is the one real barrel.
/**
 * @prism/protocol: Livepeer-compatible tickets, pricing, wire formats, message schemas, typed
 * errors, contract ABIs and network presets. Isomorphic: runs unchanged in browsers and Node.
 */
export {
  bitstringSubset,
  CAPABILITIES,
  type CapabilityName,
  capabilitiesCompatible,
  capabilitiesFromBitstring,
  capabilityBitstring,
  hasCapability,
} from './capabilities/capabilities.ts'
export { CAPABILITY_NAMES, capabilityByName, capabilityForPipeline } from './capabilities/capabilityNames.ts'
export {
  type CapabilitySetLike,
  capabilitiesCompatibleWith,
  capacitiesOf,
  type IncompatibilityReason,
  incompatibility,
  type ModelConstraintLike,
} from './capabilities/compatibility.ts'
export { DEFAULT_CAPABILITIES } from './capabilities/defaultCapabilities.ts'
export { versionAtLeast } from './capabilities/versionAtLeast.ts'
export {
  bondingManagerAbi,
  controllerAbi,
  livepeerTokenAbi,
  minterAbi,
  roundsManagerAbi,
  serviceRegistryAbi,
  ticketBrokerAbi,
} from './chain/abis.ts'
export {
  type BatchRedeemWinningTicketsErrorType,
  type BatchRedeemWinningTicketsParameters,
  type BatchRedeemWinningTicketsReturnType,
  batchRedeemWinningTickets,
  matchRedeemedTickets,
} from './chain/actions/batchRedeemWinningTickets.ts'
export {
  type BondErrorType,
  type BondParameters,
  type BondReturnType,
  bond,
} from './chain/actions/bond.ts'
export {
  type CancelUnlockErrorType,
  type CancelUnlockReturnType,
  cancelUnlock,
} from './chain/actions/cancelUnlock.ts'
export {
  type ClaimEarningsErrorType,
  type ClaimEarningsReturnType,
  claimEarnings,
} from './chain/actions/claimEarnings.ts'
export {
  type FundDepositErrorType,
  type FundDepositParameters,
  type FundDepositReturnType,
  fundDeposit,
} from './chain/actions/fundDeposit.ts'
export {
  type FundDepositAndReserveErrorType,
  type FundDepositAndReserveParameters,
  type FundDepositAndReserveReturnType,
  fundDepositAndReserve,
} from './chain/actions/fundDepositAndReserve.ts'
export {
  type FundDepositAndReserveForErrorType,
  type FundDepositAndReserveForParameters,
  type FundDepositAndReserveForReturnType,
  fundDepositAndReserveFor,
} from './chain/actions/fundDepositAndReserveFor.ts'
export {
  type FundReserveErrorType,
  type FundReserveParameters,
  type FundReserveReturnType,
  fundReserve,
} from './chain/actions/fundReserve.ts'
export {
  type GetBalanceErrorType,
  type GetBalanceParameters,
  type GetBalanceReturnType,
  getBalance,
} from './chain/actions/getBalance.ts'
export {
  type GetBlockHashForRoundErrorType,
  type GetBlockHashForRoundParameters,
  type GetBlockHashForRoundReturnType,
  getBlockHashForRound,
} from './chain/actions/getBlockHashForRound.ts'
export {
  type GetBlockNumberErrorType,
  type GetBlockNumberReturnType,
  getBlockNumber,
} from './chain/actions/getBlockNumber.ts'
export {
  type GetClaimableReserveErrorType,
  type GetClaimableReserveParameters,
  type GetClaimableReserveReturnType,
  getClaimableReserve,
} from './chain/actions/getClaimableReserve.ts'
export {
  type GetCurrentRoundErrorType,
  type GetCurrentRoundReturnType,
  getCurrentRound,
} from './chain/actions/getCurrentRound.ts'
export {
  type GetDelegatorErrorType,
  type GetDelegatorParameters,
  type GetDelegatorReturnType,
  getDelegator,
} from './chain/actions/getDelegator.ts'
export {
  type GetEarningsPoolForRoundErrorType,
  type GetEarningsPoolForRoundParameters,
  type GetEarningsPoolForRoundReturnType,
  getEarningsPoolForRound,
} from './chain/actions/getEarningsPoolForRound.ts'
export {
  type GetGasPriceErrorType,
  type GetGasPriceReturnType,
  getGasPrice,
} from './chain/actions/getGasPrice.ts'
export {
  type GetLastInitializedRoundErrorType,
  type GetLastInitializedRoundReturnType,
  getLastInitializedRound,
} from './chain/actions/getLastInitializedRound.ts'
export {
  type GetLptBalanceErrorType,
  type GetLptBalanceParameters,
  type GetLptBalanceReturnType,
  getLptBalance,
} from './chain/actions/getLptBalance.ts'
export {
  computeMaxFloat,
  type GetMaxFloatErrorType,
  type GetMaxFloatParameters,
  type GetMaxFloatReturnType,
  getMaxFloat,
  type MaxFloat,
  type MaxFloatInputs,
} from './chain/actions/getMaxFloat.ts'
export {
  type GetPendingFeesErrorType,
  type GetPendingFeesParameters,
  type GetPendingFeesReturnType,
  getPendingFees,
} from './chain/actions/getPendingFees.ts'
export {
  type GetPendingStakeErrorType,
  type GetPendingStakeParameters,
  type GetPendingStakeReturnType,
  getPendingStake,
} from './chain/actions/getPendingStake.ts'
export {
  type GetRoundInfoErrorType,
  type GetRoundInfoReturnType,
  getRoundInfo,
  type RoundInfo,
} from './chain/actions/getRoundInfo.ts'
export {
  type GetRoundLengthErrorType,
  type GetRoundLengthReturnType,
  getRoundLength,
} from './chain/actions/getRoundLength.ts'
export {
  type GetSenderInfoErrorType,
  type GetSenderInfoParameters,
  type GetSenderInfoReturnType,
  getSenderInfo,
} from './chain/actions/getSenderInfo.ts'
export {
  type GetServiceUriErrorType,
  type GetServiceUriParameters,
  type GetServiceUriReturnType,
  getServiceUri,
} from './chain/actions/getServiceUri.ts'
export {
  type GetTicketHashErrorType,
  type GetTicketHashParameters,
  type GetTicketHashReturnType,
  getTicketHash,
} from './chain/actions/getTicketHash.ts'
export {
  type GetTicketValidityPeriodErrorType,
  type GetTicketValidityPeriodReturnType,
  getTicketValidityPeriod,
} from './chain/actions/getTicketValidityPeriod.ts'
export {
  type GetTotalBondedErrorType,
  type GetTotalBondedReturnType,
  getTotalBonded,
} from './chain/actions/getTotalBonded.ts'
export {
  type GetTranscoderErrorType,
  type GetTranscoderParameters,
  type GetTranscoderReturnType,
  getTranscoder,
} from './chain/actions/getTranscoder.ts'
export {
  type GetTranscoderPoolErrorType,
  type GetTranscoderPoolParameters,
  type GetTranscoderPoolReturnType,
  getTranscoderPool,
} from './chain/actions/getTranscoderPool.ts'
export {
  type GetTranscoderPoolSizeErrorType,
  type GetTranscoderPoolSizeReturnType,
  getTranscoderPoolSize,
} from './chain/actions/getTranscoderPoolSize.ts'
export {
  type GetTranscoderTotalStakeErrorType,
  type GetTranscoderTotalStakeParameters,
  type GetTranscoderTotalStakeReturnType,
  getTranscoderTotalStake,
} from './chain/actions/getTranscoderTotalStake.ts'
export {
  type GetUnbondingLocksErrorType,
  type GetUnbondingLocksParameters,
  type GetUnbondingLocksReturnType,
  getUnbondingLocks,
  type UnbondingLock,
} from './chain/actions/getUnbondingLocks.ts'
export {
  type InitializeRoundErrorType,
  type InitializeRoundReturnType,
  initializeRound,
} from './chain/actions/initializeRound.ts'
export {
  type IsActiveTranscoderErrorType,
  type IsActiveTranscoderParameters,
  type IsActiveTranscoderReturnType,
  isActiveTranscoder,
} from './chain/actions/isActiveTranscoder.ts'
export {
  type IsRegisteredTranscoderErrorType,
  type IsRegisteredTranscoderParameters,
  type IsRegisteredTranscoderReturnType,
  isRegisteredTranscoder,
} from './chain/actions/isRegisteredTranscoder.ts'
export {
  type IsTicketUsedErrorType,
  type IsTicketUsedParameters,
  type IsTicketUsedReturnType,
  isTicketUsed,
} from './chain/actions/isTicketUsed.ts'
export {
  type RebondErrorType,
  type RebondParameters,
  type RebondReturnType,
  rebond,
} from './chain/actions/rebond.ts'
export {
  type RedeemWinningTicketErrorType,
  type RedeemWinningTicketParameters,
  type RedeemWinningTicketReturnType,
  redeemWinningTicket,
  toContractTicket,
} from './chain/actions/redeemWinningTicket.ts'
export {
  type RegisterTranscoderErrorType,
  type RegisterTranscoderParameters,
  type RegisterTranscoderReturnType,
  registerTranscoder,
} from './chain/actions/registerTranscoder.ts'
export {
  type ResolveControllerContractsErrorType,
  type ResolveControllerContractsParameters,
  type ResolveControllerContractsReturnType,
  resolveControllerContracts,
} from './chain/actions/resolveControllerContracts.ts'
export { type RewardErrorType, type RewardReturnType, reward } from './chain/actions/reward.ts'
export {
  type SetServiceUriErrorType,
  type SetServiceUriParameters,
  type SetServiceUriReturnType,
  setServiceUri,
} from './chain/actions/setServiceUri.ts'
export {
  type SetTranscoderParamsErrorType,
  type SetTranscoderParamsParameters,
  type SetTranscoderParamsReturnType,
  setTranscoderParams,
} from './chain/actions/setTranscoderParams.ts'
export {
  type UnbondErrorType,
  type UnbondParameters,
  type UnbondReturnType,
  unbond,
} from './chain/actions/unbond.ts'
export { type UnlockErrorType, type UnlockReturnType, unlock } from './chain/actions/unlock.ts'
export {
  type VerifyChainIdErrorType,
  type VerifyChainIdParameters,
  type VerifyChainIdReturnType,
  verifyChainId,
} from './chain/actions/verifyChainId.ts'
export { type WithdrawErrorType, type WithdrawReturnType, withdraw } from './chain/actions/withdraw.ts'
export {
  type WithdrawFeesErrorType,
  type WithdrawFeesParameters,
  type WithdrawFeesReturnType,
  withdrawFees,
} from './chain/actions/withdrawFees.ts'
export {
  type WithdrawStakeErrorType,
  type WithdrawStakeParameters,
  type WithdrawStakeReturnType,
  withdrawStake,
} from './chain/actions/withdrawStake.ts'
export { contractBytecode } from './chain/bytecode.ts'
export {
  type ChainClient,
  type ChainContracts,
  type CreateChainClientParameters,
  createChainClient,
  type NetworkChainClient,
} from './chain/client.ts'
export type { ChainTxResult } from './chain/contractCall.ts'
export { type ContractKey, type ContractName, contractArtifacts, contractId } from './chain/contracts.ts'
export {
  type ContractAddresses,
  type Deployment,
  type DevAccount,
  type DevAccounts,
  decodeDeployment,
  deploymentSchema,
} from './chain/deployment.ts'
export {
  ChainAccountMissingError,
  ChainContractMissingError,
  ChainDeploymentInvalidError,
  type ChainError,
  ChainIdMismatchError,
  ChainNetworkUnknownError,
  type ChainReadErrorType,
  ChainRequestFailedError,
  ChainRevertError,
  ChainRpcUnavailableError,
  ChainTxTimeoutError,
  type ChainWriteErrorType,
} from './chain/errors.ts'
export { getNetwork, NETWORKS, type Network, type NetworkName } from './chain/networks.ts'
export { toChainError } from './chain/toChainError.ts'
export { toViemChain } from './chain/viemChain.ts'
export { BaseError, type BaseErrorParameters, type BaseErrorType, isBaseError } from './errors/base.ts'
export {
  type EncodingErrorType,
  HexInvalidError,
  RationalInvalidError,
  ValueOutOfRangeError,
} from './errors/encoding.ts'
export { MessageInvalidError, type MessageInvalidErrorParameters } from './errors/message.ts'
export { PaymentDecodeFailedError } from './errors/payment.ts'
export {
  PriceDoubledError,
  PriceInvalidError,
  type PricingErrorType,
  ProfileUnknownError,
  ReserveInsufficientError,
} from './errors/pricing.ts'
export {
  SenderDepositMissingError,
  SenderReserveMissingError,
  TicketError,
  type TicketErrorType,
  TicketEvTooHighError,
  TicketExpirationInvalidError,
  TicketFaceValueTooHighError,
  TicketFaceValueTooLowError,
  TicketNonceLimitError,
  TicketNonceReplayedError,
  TicketParamsExpiredError,
  TicketParamsMissingError,
  TicketRandMismatchError,
  TicketRecipientInvalidError,
  TicketSenderInvalidError,
  TicketSenderUnlockingError,
  TicketSigInvalidError,
  TicketTotalEvTooHighError,
} from './errors/ticket.ts'
export { parseDecimal } from './math/parseDecimal.ts'
export {
  type Rational,
  ratAdd,
  ratCeil,
  ratCompare,
  ratDiv,
  ratFloor,
  rational,
  ratMax,
  ratMul,
  ratSub,
  ratToDecimalString,
  ratToNumber,
} from './math/rational.ts'
export {
  type ControlEvent,
  ControlEventSchema,
  type ControlMessage,
  ControlMessageSchema,
  decodeControlEvent,
  decodeControlMessage,
} from './messages/control.ts'
export { createDecoder, type Decoder } from './messages/decoder.ts'
export {
  decodeOrchestratorInfo,
  type ModelInfo,
  ModelInfoSchema,
  type OrchestratorInfo,
  OrchestratorInfoSchema,
  type PipelineOffer,
  PipelineOfferSchema,
} from './messages/orchestratorInfo.ts'
export {
  Base64Schema,
  decodePaymentChannelEvent,
  decodePaymentChannelMessage,
  type PaymentChannelEvent,
  PaymentChannelEventSchema,
  type PaymentChannelMessage,
  PaymentChannelMessageSchema,
} from './messages/paymentChannel.ts'
export {
  DEFAULT_TRANSCODE_PROFILES,
  decodePipelineSpec,
  ModelRefSchema,
  PIPELINE_LIMITS,
  type PipelineSpec,
  PipelineSpecSchema,
  type StageSpec,
  StageSpecSchema,
} from './messages/pipelineSpec.ts'
export {
  AddressSchema,
  DecimalStringSchema,
  Hash32Schema,
  HexBytesSchema,
  Int64StringSchema,
  IntStringSchema,
  type Params,
  ParamsSchema,
  UintStringSchema,
} from './messages/primitives.ts'
export {
  signWhipOffer,
  verifyWhipOffer,
  type WhipOffer,
  whipOfferMessage,
} from './messages/whipOfferSignature.ts'
export { decodePayment } from './payment/decodePayment.ts'
export { encodePayment } from './payment/encodePayment.ts'
export { isPaymentRefusal, OrchestratorPayer } from './payment/OrchestratorPayer.ts'
export type {
  OrchestratorPayerOptions,
  PayerChainTime,
  PayerPayment,
} from './payment/OrchestratorPayerTypes.ts'
export type { Payment, TicketSenderParams } from './payment/Payment.ts'
export { PaymentSession } from './payment/PaymentSession.ts'
export type { CreatePaymentReturnType, PaymentSessionOptions } from './payment/PaymentSessionTypes.ts'
export { fromBase64, paymentFromHeader, paymentToHeader, toBase64 } from './payment/paymentHeader.ts'
export {
  type PriceInfo,
  type PriceJson,
  PriceJsonSchema,
  priceFromJson,
  priceToJson,
} from './payment/price.ts'
export type { SenderInfo } from './payment/SenderInfo.ts'
export {
  type TicketExpirationParams,
  type TicketParams,
  type TicketParamsJson,
  TicketParamsJsonSchema,
  ticketFromParams,
  ticketParamsFromJson,
  ticketParamsToJson,
  type WireTicketParams,
} from './payment/ticketParams.ts'
export { type AdjustPriceParameters, adjustPrice } from './pricing/adjustPrice.ts'
export {
  type ComputeTicketParamsErrorType,
  type ComputeTicketParamsParameters,
  type ComputeTicketParamsReturnType,
  computeTicketParams,
  winProbFor,
} from './pricing/computeTicketParams.ts'
export {
  AVG_GAS_PRICE,
  DEFAULT_EV_MULTIPLIER,
  DEFAULT_MAX_TICKET_EV,
  DEFAULT_MAX_TOTAL_EV,
  DEFAULT_TICKET_EV,
  DEFAULT_TX_COST_MULTIPLIER,
  LIVE_PIXELS_PER_SECOND,
  PIXEL_ESTIMATE_MULTIPLIER,
  PRICE_SCALING_FACTOR,
  REDEEM_GAS_ARBITRUM,
  REDEEM_GAS_L1,
  TICKET_PARAMS_LIFETIME_BLOCKS,
} from './pricing/constants.ts'
export { estimateFee, estimatePixels, type FeeProfile } from './pricing/estimateFee.ts'
export { parsePrice } from './pricing/parsePrice.ts'
export { ticketsNeeded } from './pricing/ticketsNeeded.ts'
export {
  DEFAULT_PROFILES,
  getVideoProfile,
  VIDEO_PROFILE_NAMES,
  VIDEO_PROFILES,
  type VideoProfile,
  videoProfileId,
} from './profiles/videoProfiles.ts'
export {
  type DiscoveredOrchestrator,
  type DiscoverParameters,
  type DiscoverReturnType,
  discover,
} from './selection/discover.ts'
export {
  mergeOrchestratorUrls,
  normalizeUrl,
  type OrchestratorSource,
  type OrchestratorTarget,
} from './selection/orchestratorUrls.ts'
export {
  type ProbeFetch,
  type ProbeOptions,
  type ProbeResponse,
  type ProbeResult,
  probeOrchestrator,
} from './selection/probeOrchestrator.ts'
export {
  type IneligibleReason,
  type OrchestratorCandidate,
  type RankedOrchestrator,
  type RankOrchestratorsOptions,
  rankOrchestrators,
  type SelectionWeights,
} from './selection/rankOrchestrators.ts'
export { SuspensionList, type SuspensionListOptions } from './selection/SuspensionList.ts'
export { MAX_SENDER_NONCES, MAX_WIN_PROB, SECP256K1_HALF_N, SECP256K1_N } from './ticket/constants.ts'
export {
  type HashTicketParameters,
  type HashTicketReturnType,
  hashTicket,
  ticketHashPreimage,
} from './ticket/hashTicket.ts'
export { isWinningTicket } from './ticket/isWinningTicket.ts'
export { recipientRandHash } from './ticket/recipientRandHash.ts'
export {
  eip191Digest,
  recoverSigner,
  type SignatureShapeError,
  signatureShapeError,
} from './ticket/recoverSigner.ts'
export { recoverTicketSigner } from './ticket/recoverTicketSigner.ts'
export { normalizeSignature, signTicket, type TicketSigner } from './ticket/signTicket.ts'
export type { Ticket, WinningTicket } from './ticket/Ticket.ts'
export { ticketAuxData, ticketAuxDataBytes } from './ticket/ticketAuxData.ts'
export { ticketEV } from './ticket/ticketEV.ts'
export { verifyTicketSignature } from './ticket/verifyTicketSignature.ts'
export {
  bytesToBigInt,
  concatBytes,
  fixedBytes,
  hexToBytesStrict,
  minimalBytes,
  toHex,
  UINT256_MAX,
  u256,
} from './utils/bytes.ts'
export {
  AUTH_TOKEN_LIFETIME_SECONDS,
  AUTH_TOKEN_REFRESH_MARGIN_SECONDS,
  authTokenMac,
  authTokenNeedsRefresh,
  authTokenValid,
  createAuthToken,
  newAuthToken,
  newAuthTokenSecret,
  verifyAuthToken,
} from './wire/authToken.ts'
export { decodeWire, encodeWire } from './wire/codec.ts'
export {
  AuthTokenExpiredError,
  AuthTokenInvalidError,
  AuthTokenMissingError,
  CapabilitiesIncompatibleError,
  INVALID_ORCHESTRATOR_REQUEST,
  OrchestratorCappedError,
  type ProfileFieldReason,
  ProfileNameEmptyError,
  ProfileUnsupportedError,
  RequestSigInvalidError,
  SegmentDurationInvalidError,
  SegmentEncodingError,
  SegmentSigInvalidError,
  TranscoderCapacityZeroError,
  TranscoderSecretInvalidError,
  WireDecodeFailedError,
} from './wire/errors.ts'
export * as net from './wire/gen/net_pb.ts'
export {
  type JobInputCodec,
  type TranscodeJobInit,
  transcodeJobCapabilities,
} from './wire/jobCapabilities.ts'
export {
  LIVE_INITIAL_CREDIT_PIXELS,
  LIVE_INITIAL_CREDIT_SECONDS,
  LIVE_PAYMENT_INTERVAL_SECONDS,
  livePixels,
} from './wire/liveUnits.ts'
export {
  type AiSessionCapabilitiesInit,
  aiSessionCapabilities,
  type ModelConstraintInit,
  type NetCapabilitiesInit,
  netCapabilities,
} from './wire/netCapabilities.ts'
export {
  sameAddress,
  signNodeHash,
  signNodeMessage,
  verifyNodeSignature,
  ZERO_ADDRESS_BYTES,
} from './wire/nodeSignature.ts'
export {
  OFFCHAIN_REQUEST_CREDENTIALS,
  type OrchestratorRequestOptions,
  orchestratorRequest,
  orchestratorRequestMessage,
  type RequestCredentials,
  signOrchestratorRequest,
  verifyOrchestratorRequest,
} from './wire/orchestratorRequest.ts'
export { priceFromPriceInfo, priceInfoFromRational } from './wire/priceInfo.ts'
export { type QuotePriceInput, quotePrice } from './wire/quotePrice.ts'
export { acceptRegisterRequest, OFFCHAIN_ORCH_ID, teardownSessionId } from './wire/remoteTranscoder.ts'
export {
  buildSegData,
  LEGACY_PROFILES_INVALID,
  type SegDataInit,
  segDataFromHeader,
  segDataToHeader,
} from './wire/segData.ts'
export {
  DEFAULT_SEGMENT_DURATION_MS,
  MAX_SEGMENT_DURATION_MS,
  segmentDurationMs,
} from './wire/segDuration.ts'
export {
  type SegmentPaymentInput,
  type SegmentPaymentPlan,
  segmentPaymentPlan,
} from './wire/segmentPayment.ts'
export { type ProfileField, profileFieldFor, segDataProfiles } from './wire/segProfiles.ts'
export {
  type SegSignedFields,
  segFlatten,
  segSignedFields,
  signSegData,
  verifySegData,
} from './wire/segSignature.ts'
export {
  expectedResultSigner,
  recoverTranscodeResultSigner,
  signTranscodeResult,
  transcodeResultHash,
} from './wire/transcodeResult.ts'
export {
  fromNetVideoProfile,
  type ProfileInput,
  type RenditionProfile,
  toNetVideoProfile,
  toNetVideoProfiles,
} from './wire/videoProfile.ts'
