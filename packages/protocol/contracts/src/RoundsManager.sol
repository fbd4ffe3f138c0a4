// SPDX-License-Identifier: MIT
// Prism dev-chain RoundsManager: rounds of `roundLength` blocks, initialized explicitly, each
// remembering the hash of the block before its initialization (tickets commit to it in auxData);
// initializing a round fixes its total active stake (BondingManager) and mintable LPT (Minter).
pragma solidity ^0.8.20;

import {Manager} from "./Manager.sol";
import {IBondingManager, IMinter} from "./Interfaces.sol";

contract RoundsManager is Manager {
    uint256 public roundLength;
    /// Share of a round (parts per million) at its end during which it counts as locked.
    uint256 public roundLockAmount;
    uint256 public lastRoundLengthUpdateRound;
    uint256 public lastRoundLengthUpdateStartBlock;
    uint256 public lastInitializedRound;
    mapping(uint256 => bytes32) private roundBlockHashes;

    event NewRound(uint256 indexed round, bytes32 blockHash);
    event ParameterUpdate(string param);

    constructor(address controllerAddress, uint256 initialRoundLength, uint256 initialRoundLockAmount)
        Manager(controllerAddress)
    {
        require(initialRoundLength > 0, "round length cannot be 0");
        require(initialRoundLockAmount <= 1000000, "invalid round lock amount");
        roundLength = initialRoundLength;
        roundLockAmount = initialRoundLockAmount;
        // Rounds are aligned on multiples of the round length, counted from block 0.
        lastRoundLengthUpdateRound = block.number / initialRoundLength;
        lastRoundLengthUpdateStartBlock = lastRoundLengthUpdateRound * initialRoundLength;
    }

    /// Changes the round length from the current round on; the current round keeps its start block.
    function setRoundLength(uint256 newRoundLength) external onlyControllerOwner {
        require(newRoundLength > 0, "round length cannot be 0");
        uint256 round = currentRound();
        uint256 startBlock = currentRoundStartBlock();
        lastRoundLengthUpdateRound = round;
        lastRoundLengthUpdateStartBlock = startBlock;
        roundLength = newRoundLength;
        emit ParameterUpdate("roundLength");
    }

    function setRoundLockAmount(uint256 newRoundLockAmount) external onlyControllerOwner {
        require(newRoundLockAmount <= 1000000, "invalid round lock amount");
        roundLockAmount = newRoundLockAmount;
        emit ParameterUpdate("roundLockAmount");
    }

    /// Starts the current round: records blockhash(block.number - 1) for it and emits NewRound.
    function initializeRound() external whenSystemNotPaused {
        uint256 round = currentRound();
        require(lastInitializedRound < round, "round already initialized");
        lastInitializedRound = round;
        bytes32 hash = blockhash(block.number - 1);
        roundBlockHashes[round] = hash;
        // as Livepeer: this round's active stake, then its mintable reward (from the new stake)
        IBondingManager(peer("BondingManager")).setCurrentRoundTotalActiveStake();
        IMinter(peer("Minter")).setCurrentRewardTokens();
        emit NewRound(round, hash);
    }

    function currentRound() public view returns (uint256) {
        return lastRoundLengthUpdateRound + (block.number - lastRoundLengthUpdateStartBlock) / roundLength;
    }

    function currentRoundStartBlock() public view returns (uint256) {
        return lastRoundLengthUpdateStartBlock + (currentRound() - lastRoundLengthUpdateRound) * roundLength;
    }

    function currentRoundInitialized() public view returns (bool) {
        return lastInitializedRound == currentRound();
    }

    function currentRoundLocked() external view returns (bool) {
        uint256 blocksIntoRound = block.number - currentRoundStartBlock();
        return blocksIntoRound >= roundLength - (roundLength * roundLockAmount) / 1000000;
    }

    /// Block hash recorded when `round` was initialized; zero for a round never initialized.
    function blockHashForRound(uint256 round) external view returns (bytes32) {
        return roundBlockHashes[round];
    }

    /// Hash of block `number` if within the last 256 blocks, else zero.
    function blockHash(uint256 number) external view returns (bytes32) {
        require(number < block.number, "can only retrieve past block hashes");
        require(block.number - number <= 256, "can only retrieve hashes for last 256 blocks");
        return blockhash(number);
    }

    function blockNum() external view returns (uint256) {
        return block.number;
    }
}
