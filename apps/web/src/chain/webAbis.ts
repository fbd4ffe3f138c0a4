import { parseAbi } from 'viem'

/**
 * The contract functions the web app calls, as human-readable ABI fragments (signatures from
 * PROTOCOL.md section 4). Only the calls the browser needs: funding, unlock/withdraw, views,
 * the orchestrator pool and service URIs.
 */
export const webTicketBrokerAbi = parseAbi([
  'function fundDepositAndReserveFor(address _addr, uint256 _depositAmount, uint256 _reserveAmount) payable',
  'function unlock()',
  'function cancelUnlock()',
  'function withdraw()',
  'function getSenderInfo(address _sender) view returns ((uint256 deposit, uint256 withdrawRound) sender, (uint256 fundsRemaining, uint256 claimedInCurrentRound) reserve)',
  'function isUnlockInProgress(address _sender) view returns (bool)',
  'event WinningTicketRedeemed(address indexed sender, address indexed recipient, uint256 faceValue, uint256 winProb, uint256 senderNonce, uint256 recipientRand, bytes auxData)',
])

/** RoundsManager views the app reads. */
export const webRoundsManagerAbi = parseAbi([
  'function currentRound() view returns (uint256)',
  'function roundLength() view returns (uint256)',
  'function currentRoundStartBlock() view returns (uint256)',
])

/** BondingManager pool walk. */
export const webBondingManagerAbi = parseAbi([
  'function getFirstTranscoderInPool() view returns (address)',
  'function getNextTranscoderInPool(address _transcoder) view returns (address)',
])

/** ServiceRegistry lookup. */
export const webServiceRegistryAbi = parseAbi(['function getServiceURI(address _addr) view returns (string)'])
