// SPDX-License-Identifier: MIT
// Prism dev-chain BondingManager, simplified: orchestrators self-bond stake (an internal ledger, no
// token), sit in a pool sorted by stake, become active from the round after they bond, call
// reward() once per round (minted stake via the Minter) and receive ticket fees from TicketBroker.
pragma solidity ^0.8.20;

import {Manager} from "./Manager.sol";
import {IMinter, IRoundsManager} from "./Interfaces.sol";

contract BondingManager is Manager {
    struct Transcoder {
        uint256 lastRewardRound;
        uint256 rewardCut;
        uint256 feeShare;
        uint256 lastActiveStakeUpdateRound;
        uint256 activationRound;
        uint256 deactivationRound;
        uint256 activeCumulativeRewards;
        uint256 cumulativeRewards;
        uint256 cumulativeFees;
        uint256 lastFeeRound;
        uint256 bondedAmount;
    }

    uint256 private constant PERC_DIVISOR = 1000000;

    uint256 public maxPoolSize;
    uint256 public totalBonded;
    mapping(address => Transcoder) private transcoders;

    // Pool: doubly linked list sorted by bondedAmount, largest first.
    address private poolHead;
    uint256 private poolSize;
    mapping(address => address) private nextInPool;
    mapping(address => address) private prevInPool;
    mapping(address => bool) private inPool;

    event Bond(
        address indexed newDelegate,
        address indexed oldDelegate,
        address indexed delegator,
        uint256 additionalAmount,
        uint256 bondedAmount
    );
    event TranscoderUpdate(address indexed transcoder, uint256 rewardCut, uint256 feeShare);
    event TranscoderActivated(address indexed transcoder, uint256 activationRound);
    event Reward(address indexed transcoder, uint256 amount);
    event FeesTransferred(address indexed transcoder, uint256 amount, uint256 round);

    constructor(address controllerAddress, uint256 initialMaxPoolSize) Manager(controllerAddress) {
        require(initialMaxPoolSize > 0, "pool size must be positive");
        maxPoolSize = initialMaxPoolSize;
    }

    modifier currentRoundInitialized() {
        require(roundsManager().currentRoundInitialized(), "current round is not initialized");
        _;
    }

    /// Self-bonds `amount` of stake. Prism's dev chain has no token: stake is free and only
    /// self-delegation is supported (`to` must be the caller). A first bond registers the caller
    /// and activates it from the next round.
    function bond(uint256 amount, address to) external whenSystemNotPaused currentRoundInitialized {
        require(to == msg.sender, "only self-bonding is supported");
        require(amount > 0, "bond amount must be positive");
        Transcoder storage t = transcoders[msg.sender];
        bool isNew = t.bondedAmount == 0;
        t.bondedAmount += amount;
        totalBonded += amount;
        if (isNew) {
            require(poolSize < maxPoolSize, "transcoder pool is full");
            uint256 activation = roundsManager().currentRound() + 1;
            t.activationRound = activation;
            t.deactivationRound = type(uint256).max;
            insertSorted(msg.sender);
            emit TranscoderActivated(msg.sender, activation);
        } else {
            removeFromPool(msg.sender);
            insertSorted(msg.sender);
        }
        emit Bond(to, to, msg.sender, amount, t.bondedAmount);
    }

    /// Sets the caller's reward cut and fee share (parts per million).
    function transcoder(uint256 rewardCut, uint256 feeShare) external whenSystemNotPaused currentRoundInitialized {
        require(rewardCut <= PERC_DIVISOR, "invalid rewardCut percentage");
        require(feeShare <= PERC_DIVISOR, "invalid feeShare percentage");
        require(isRegisteredTranscoder(msg.sender), "transcoder must be registered");
        Transcoder storage t = transcoders[msg.sender];
        t.rewardCut = rewardCut;
        t.feeShare = feeShare;
        emit TranscoderUpdate(msg.sender, rewardCut, feeShare);
    }

    /// Mints the caller's share of this round's reward, once per round.
    function reward() external {
        rewardWithHint(address(0), address(0));
    }

    /// Same as reward(); the list hints are accepted for ABI compatibility and not needed here.
    function rewardWithHint(address, address) public whenSystemNotPaused currentRoundInitialized {
        uint256 round = roundsManager().currentRound();
        require(isActiveTranscoder(msg.sender), "caller must be an active transcoder");
        Transcoder storage t = transcoders[msg.sender];
        require(t.lastRewardRound != round, "caller has already called reward for the current round");
        uint256 amount = minter().createReward(t.bondedAmount, activeStake(round));
        t.lastRewardRound = round;
        t.bondedAmount += amount;
        t.cumulativeRewards += amount;
        totalBonded += amount;
        removeFromPool(msg.sender);
        insertSorted(msg.sender);
        emit Reward(msg.sender, amount);
    }

    /// Credits `fees` won by `transcoderAddress` through a winning ticket and pays them out at once
    /// (the Minter sends the ETH to the transcoder's address). Only TicketBroker may call this.
    function updateTranscoderWithFees(address transcoderAddress, uint256 fees, uint256 round)
        external
        whenSystemNotPaused
    {
        require(msg.sender == peer("TicketBroker"), "caller must be TicketBroker");
        require(isRegisteredTranscoder(transcoderAddress), "transcoder must be registered");
        Transcoder storage t = transcoders[transcoderAddress];
        t.lastFeeRound = roundsManager().currentRound();
        t.cumulativeFees += fees;
        minter().trustedWithdrawETH(payable(transcoderAddress), fees);
        emit FeesTransferred(transcoderAddress, fees, round);
    }

    /// Livepeer's return shape: ten values, in Livepeer's order (not a tuple).
    function getTranscoder(address transcoderAddress)
        external
        view
        returns (
            uint256 lastRewardRound,
            uint256 rewardCut,
            uint256 feeShare,
            uint256 lastActiveStakeUpdateRound,
            uint256 activationRound,
            uint256 deactivationRound,
            uint256 activeCumulativeRewards,
            uint256 cumulativeRewards,
            uint256 cumulativeFees,
            uint256 lastFeeRound
        )
    {
        Transcoder storage t = transcoders[transcoderAddress];
        return (
            t.lastRewardRound,
            t.rewardCut,
            t.feeShare,
            t.lastActiveStakeUpdateRound,
            t.activationRound,
            t.deactivationRound,
            t.activeCumulativeRewards,
            t.cumulativeRewards,
            t.cumulativeFees,
            t.lastFeeRound
        );
    }

    function transcoderTotalStake(address transcoderAddress) external view returns (uint256) {
        return transcoders[transcoderAddress].bondedAmount;
    }

    function isRegisteredTranscoder(address transcoderAddress) public view returns (bool) {
        return transcoders[transcoderAddress].bondedAmount > 0;
    }

    /// Active in the current round: activationRound <= currentRound < deactivationRound.
    function isActiveTranscoder(address transcoderAddress) public view returns (bool) {
        Transcoder storage t = transcoders[transcoderAddress];
        uint256 round = roundsManager().currentRound();
        return t.activationRound > 0 && t.activationRound <= round && round < t.deactivationRound;
    }

    function getTranscoderPoolSize() external view returns (uint256) {
        return poolSize;
    }

    function getTranscoderPoolMaxSize() external view returns (uint256) {
        return maxPoolSize;
    }

    function getFirstTranscoderInPool() external view returns (address) {
        return poolHead;
    }

    /// Next address in the pool after `transcoderAddress` (by stake, descending); 0x0 ends the list.
    function getNextTranscoderInPool(address transcoderAddress) external view returns (address) {
        return nextInPool[transcoderAddress];
    }

    function isInPool(address transcoderAddress) external view returns (bool) {
        return inPool[transcoderAddress];
    }

    /// Sum of the stake of transcoders active in `round`.
    function activeStake(uint256 round) internal view returns (uint256 total) {
        for (address a = poolHead; a != address(0); a = nextInPool[a]) {
            Transcoder storage t = transcoders[a];
            if (t.activationRound <= round && round < t.deactivationRound) total += t.bondedAmount;
        }
    }

    function insertSorted(address a) private {
        uint256 stake = transcoders[a].bondedAmount;
        address prev = address(0);
        address cur = poolHead;
        while (cur != address(0) && transcoders[cur].bondedAmount >= stake) {
            prev = cur;
            cur = nextInPool[cur];
        }
        nextInPool[a] = cur;
        prevInPool[a] = prev;
        if (cur != address(0)) prevInPool[cur] = a;
        if (prev == address(0)) poolHead = a;
        else nextInPool[prev] = a;
        inPool[a] = true;
        poolSize += 1;
    }

    function removeFromPool(address a) private {
        if (!inPool[a]) return;
        address prev = prevInPool[a];
        address next = nextInPool[a];
        if (prev == address(0)) poolHead = next;
        else nextInPool[prev] = next;
        if (next != address(0)) prevInPool[next] = prev;
        delete nextInPool[a];
        delete prevInPool[a];
        inPool[a] = false;
        poolSize -= 1;
    }

    function roundsManager() private view returns (IRoundsManager) {
        return IRoundsManager(peer("RoundsManager"));
    }

    function minter() private view returns (IMinter) {
        return IMinter(peer("Minter"));
    }
}
