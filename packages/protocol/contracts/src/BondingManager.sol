// SPDX-License-Identifier: MIT
// Prism dev-chain BondingManager: Livepeer's staking model, written for Prism. Delegators (an
// orchestrator is a delegator bonded to itself) bond LPT to an orchestrator; orchestrators set a
// reward cut and a fee share; a pool sorted by stake holds next round's active set. reward() mints
// the orchestrator's share of the round's LPT and fees come from TicketBroker; both are split
// through per-round cumulative factors (LIP-36), so each delegator's pending stake and fees follow
// from its bonded amount and two factors, with Livepeer's rounding (27-digit precision factors,
// cuts in parts per million). Unbonding creates locks withdrawable after the unbonding period.
// Function signatures, events, return shapes and revert strings are Livepeer's (docs/chain.md);
// left out: treasury cut, checkpoints for governance, bond transfer, slashing, migration.
pragma solidity ^0.8.20;

import {Manager} from "./Manager.sol";
import {ILivepeerToken, IMinter, IRoundsManager} from "./Interfaces.sol";

contract BondingManager is Manager {
    uint256 private constant PERC_DIVISOR = 1000000;
    uint256 private constant PRECISE_PERC_DIVISOR = 10 ** 27;
    uint256 private constant MAX_FUTURE_ROUND = type(uint256).max;

    struct EarningsPool {
        uint256 totalStake;
        uint256 transcoderRewardCut;
        uint256 transcoderFeeShare;
        uint256 cumulativeRewardFactor;
        uint256 cumulativeFeeFactor;
    }

    struct Transcoder {
        uint256 lastRewardRound;
        uint256 rewardCut;
        uint256 feeShare;
        mapping(uint256 => EarningsPool) earningsPoolPerRound;
        uint256 lastActiveStakeUpdateRound;
        uint256 activationRound;
        uint256 deactivationRound;
        uint256 activeCumulativeRewards;
        uint256 cumulativeRewards;
        uint256 cumulativeFees;
        uint256 lastFeeRound;
    }

    struct UnbondingLock {
        uint256 amount;
        uint256 withdrawRound;
    }

    struct Delegator {
        uint256 bondedAmount;
        uint256 fees;
        address delegateAddress;
        uint256 delegatedAmount;
        uint256 startRound;
        uint256 lastClaimRound;
        uint256 nextUnbondingLockId;
        mapping(uint256 => UnbondingLock) unbondingLocks;
    }

    enum TranscoderStatus {
        NotRegistered,
        Registered
    }

    enum DelegatorStatus {
        Pending,
        Bonded,
        Unbonded
    }

    /// Rounds between unbond() and the first round withdrawStake() succeeds.
    uint64 public unbondingPeriod;
    /// Sum of the active set's stake in the current round (fixed when the round is initialized).
    uint256 public currentRoundTotalActiveStake;
    /// Sum of the pool's stake: next round's active stake.
    uint256 public nextRoundTotalActiveStake;

    mapping(address => Delegator) private delegators;
    mapping(address => Transcoder) private transcoders;

    // The pool: next round's active set, a doubly linked list sorted by stake, largest first.
    uint256 private poolMaxSize;
    uint256 private poolSize;
    address private poolHead;
    address private poolTail;
    mapping(address => address) private nextInPool;
    mapping(address => address) private prevInPool;
    mapping(address => bool) private inPool;

    event TranscoderUpdate(address indexed transcoder, uint256 rewardCut, uint256 feeShare);
    event TranscoderActivated(address indexed transcoder, uint256 activationRound);
    event TranscoderDeactivated(address indexed transcoder, uint256 deactivationRound);
    event Reward(address indexed transcoder, uint256 amount);
    event Bond(
        address indexed newDelegate,
        address indexed oldDelegate,
        address indexed delegator,
        uint256 additionalAmount,
        uint256 bondedAmount
    );
    event Unbond(
        address indexed delegate, address indexed delegator, uint256 unbondingLockId, uint256 amount, uint256 withdrawRound
    );
    event Rebond(address indexed delegate, address indexed delegator, uint256 unbondingLockId, uint256 amount);
    event WithdrawStake(address indexed delegator, uint256 unbondingLockId, uint256 amount, uint256 withdrawRound);
    event WithdrawFees(address indexed delegator, address recipient, uint256 amount);
    event EarningsClaimed(
        address indexed delegate,
        address indexed delegator,
        uint256 rewards,
        uint256 fees,
        uint256 startRound,
        uint256 endRound
    );
    event ParameterUpdate(string param);

    constructor(address controllerAddress, uint256 numActiveTranscoders, uint64 initialUnbondingPeriod)
        Manager(controllerAddress)
    {
        require(numActiveTranscoders > 0, "pool size must be positive");
        poolMaxSize = numActiveTranscoders;
        unbondingPeriod = initialUnbondingPeriod;
    }

    modifier currentRoundInitialized() {
        require(roundsManager().currentRoundInitialized(), "current round is not initialized");
        _;
    }

    modifier autoClaimEarnings(address delegator) {
        _autoClaimEarnings(delegator);
        _;
    }

    // ---- parameters ----

    function setUnbondingPeriod(uint64 period) external onlyControllerOwner {
        unbondingPeriod = period;
        emit ParameterUpdate("unbondingPeriod");
    }

    function setNumActiveTranscoders(uint256 numActiveTranscoders) external onlyControllerOwner {
        require(numActiveTranscoders >= poolSize, "max size must be greater than or equal to current size");
        poolMaxSize = numActiveTranscoders;
        emit ParameterUpdate("numActiveTranscoders");
    }

    // ---- orchestrators ----

    /// Sets the caller's reward cut and fee share (parts per million) and joins the pool if it can.
    function transcoder(uint256 rewardCut, uint256 feeShare) external {
        transcoderWithHint(rewardCut, feeShare, address(0), address(0));
    }

    /// transcoder(); the list hints are accepted for ABI compatibility and not needed here.
    function transcoderWithHint(uint256 rewardCut, uint256 feeShare, address, address)
        public
        whenSystemNotPaused
        currentRoundInitialized
    {
        require(!roundsManager().currentRoundLocked(), "can't update transcoder params, current round is locked");
        require(rewardCut <= PERC_DIVISOR, "invalid rewardCut percentage");
        require(feeShare <= PERC_DIVISOR, "invalid feeShare percentage");
        require(isRegisteredTranscoder(msg.sender), "transcoder must be registered");
        Transcoder storage t = transcoders[msg.sender];
        uint256 round = roundsManager().currentRound();
        require(
            !isActiveTranscoder(msg.sender) || t.lastRewardRound == round,
            "caller can't be active or must have already called reward for the current round"
        );
        t.rewardCut = rewardCut;
        t.feeShare = feeShare;
        if (!inPool[msg.sender]) tryToJoinActiveSet(msg.sender, delegators[msg.sender].delegatedAmount, round + 1);
        emit TranscoderUpdate(msg.sender, rewardCut, feeShare);
    }

    /// Mints the caller's share of this round's LPT: the reward cut to it, the rest to its
    /// delegators (itself included) in proportion to their stake.
    function reward() external {
        rewardWithHint(address(0), address(0));
    }

    /// reward(); the list hints are accepted for ABI compatibility and not needed here.
    function rewardWithHint(address, address) public whenSystemNotPaused currentRoundInitialized {
        uint256 round = roundsManager().currentRound();
        require(isActiveTranscoder(msg.sender), "caller must be an active transcoder");
        Transcoder storage t = transcoders[msg.sender];
        require(t.lastRewardRound != round, "caller has already called reward for the current round");
        EarningsPool storage pool = t.earningsPoolPerRound[round];
        pool.transcoderRewardCut = t.rewardCut;
        pool.transcoderFeeShare = t.feeShare;
        // stake not updated in the previous round: carry it from the last update
        if (t.lastActiveStakeUpdateRound < round) {
            pool.totalStake = t.earningsPoolPerRound[t.lastActiveStakeUpdateRound].totalStake;
        }
        uint256 rewards = minter().createReward(pool.totalStake, currentRoundTotalActiveStake);
        updateTranscoderWithRewards(msg.sender, rewards, round);
        t.lastRewardRound = round;
        emit Reward(msg.sender, rewards);
    }

    /// Credits `fees` won by `transcoderAddress` (a redeemed ticket) to this round's fee pool: the
    /// fee share to its delegators, the rest to it. Only TicketBroker; the wei stay in the Minter
    /// until withdrawFees().
    function updateTranscoderWithFees(address transcoderAddress, uint256 fees, uint256)
        external
        whenSystemNotPaused
    {
        require(msg.sender == peer("TicketBroker"), "caller must be TicketBroker");
        require(isRegisteredTranscoder(transcoderAddress), "transcoder must be registered");
        uint256 round = roundsManager().currentRound();
        Transcoder storage t = transcoders[transcoderAddress];
        EarningsPool storage pool = t.earningsPoolPerRound[round];
        EarningsPool memory prev = latestCumulativeFactorsPool(t, round > 0 ? round - 1 : 0);
        uint256 activeCumulativeRewards = t.activeCumulativeRewards;
        // reward() not called yet this round: set up the round's pool as it would have
        if (round > t.lastRewardRound) {
            pool.transcoderRewardCut = t.rewardCut;
            pool.transcoderFeeShare = t.feeShare;
            if (t.lastActiveStakeUpdateRound < round) {
                pool.totalStake = t.earningsPoolPerRound[t.lastActiveStakeUpdateRound].totalStake;
            }
            activeCumulativeRewards = t.cumulativeRewards;
        }
        t.lastFeeRound = round;
        if (pool.totalStake == 0) {
            // never active: no delegators to share with
            t.cumulativeFees += fees;
            return;
        }
        if (prev.cumulativeRewardFactor == 0 && t.lastRewardRound == round) {
            prev.cumulativeRewardFactor = estimatedPreviousRewardFactor(pool);
        }
        uint256 delegatorsFees = (fees * pool.transcoderFeeShare) / PERC_DIVISOR;
        uint256 rewardStakeFees = precisePercOf(delegatorsFees, activeCumulativeRewards, pool.totalStake);
        t.cumulativeFees += rewardStakeFees + (fees - delegatorsFees);
        uint256 prevRewardFactor =
            prev.cumulativeRewardFactor != 0 ? prev.cumulativeRewardFactor : PRECISE_PERC_DIVISOR;
        if (pool.cumulativeFeeFactor == 0) pool.cumulativeFeeFactor = prev.cumulativeFeeFactor;
        pool.cumulativeFeeFactor += precisePercOf(prevRewardFactor, delegatorsFees, pool.totalStake);
    }

    /// Fixes the current round's total active stake. Only RoundsManager (initializeRound).
    function setCurrentRoundTotalActiveStake() external {
        require(msg.sender == peer("RoundsManager"), "caller must be RoundsManager");
        currentRoundTotalActiveStake = nextRoundTotalActiveStake;
    }

    // ---- delegators ----

    /// Bonds `amount` LPT of the caller (approved to this contract) to `to`, moving any stake it
    /// already has bonded elsewhere; bonding to itself registers an orchestrator.
    function bond(uint256 amount, address to) external {
        bondWithHint(amount, to, address(0), address(0), address(0), address(0));
    }

    /// bond(); the list hints are accepted for ABI compatibility and not needed here.
    function bondWithHint(uint256 amount, address to, address, address, address, address)
        public
        whenSystemNotPaused
        currentRoundInitialized
        autoClaimEarnings(msg.sender)
    {
        Delegator storage del = delegators[msg.sender];
        uint256 round = roundsManager().currentRound();
        uint256 delegationAmount = amount;
        address currentDelegate = del.delegateAddress;
        uint256 currentBonded = del.bondedAmount;
        ensurePendingDeactivationTranscoderCalledReward(to);
        if (delegatorStatus(msg.sender) == DelegatorStatus.Unbonded) {
            del.startRound = round + 1;
        } else if (currentBonded > 0 && currentDelegate != to) {
            require(!isRegisteredTranscoder(msg.sender), "registered transcoders can't delegate towards other addresses");
            del.startRound = round + 1;
            delegationAmount += currentBonded;
            decreaseTotalStake(currentDelegate, currentBonded);
        }
        ensureInitializedCumulativeFactorsPool(to, round);
        require(delegationAmount > 0, "delegation amount must be greater than 0");
        del.delegateAddress = to;
        del.bondedAmount = currentBonded + amount;
        increaseTotalStake(to, delegationAmount);
        if (amount > 0) {
            require(livepeerToken().transferFrom(msg.sender, address(minter()), amount), "token transfer failed");
        }
        emit Bond(to, currentDelegate, msg.sender, amount, del.bondedAmount);
    }

    /// Unbonds `amount` of the caller's stake into a new unbonding lock, withdrawable after the
    /// unbonding period (withdrawStake) or rebondable before.
    function unbond(uint256 amount) external {
        unbondWithHint(amount, address(0), address(0));
    }

    /// unbond(); the list hints are accepted for ABI compatibility and not needed here.
    function unbondWithHint(uint256 amount, address, address)
        public
        whenSystemNotPaused
        currentRoundInitialized
        autoClaimEarnings(msg.sender)
    {
        require(delegatorStatus(msg.sender) == DelegatorStatus.Bonded, "caller must be bonded");
        Delegator storage del = delegators[msg.sender];
        require(amount > 0, "unbond amount must be greater than 0");
        require(amount <= del.bondedAmount, "amount is greater than bonded amount");
        address currentDelegate = del.delegateAddress;
        uint256 withdrawRound = roundsManager().currentRound() + unbondingPeriod;
        uint256 lockId = del.nextUnbondingLockId;
        del.unbondingLocks[lockId] = UnbondingLock({amount: amount, withdrawRound: withdrawRound});
        del.nextUnbondingLockId = lockId + 1;
        del.bondedAmount -= amount;
        if (del.bondedAmount == 0) {
            del.delegateAddress = address(0);
            del.startRound = 0;
            if (inPool[msg.sender]) resignTranscoder(msg.sender);
        }
        decreaseTotalStake(currentDelegate, amount);
        emit Unbond(currentDelegate, msg.sender, lockId, amount, withdrawRound);
    }

    /// Bonds an unbonding lock's tokens again, to the caller's current delegate.
    function rebond(uint256 unbondingLockId) external {
        rebondWithHint(unbondingLockId, address(0), address(0));
    }

    /// rebond(); the list hints are accepted for ABI compatibility and not needed here.
    function rebondWithHint(uint256 unbondingLockId, address, address)
        public
        whenSystemNotPaused
        currentRoundInitialized
        autoClaimEarnings(msg.sender)
    {
        require(delegatorStatus(msg.sender) != DelegatorStatus.Unbonded, "caller must be bonded");
        processRebond(msg.sender, unbondingLockId);
    }

    /// Bonds an unbonding lock's tokens again, to `to`, for a caller with nothing bonded.
    function rebondFromUnbonded(address to, uint256 unbondingLockId) external {
        rebondFromUnbondedWithHint(to, unbondingLockId, address(0), address(0));
    }

    /// rebondFromUnbonded(); the list hints are accepted for ABI compatibility and not needed here.
    function rebondFromUnbondedWithHint(address to, uint256 unbondingLockId, address, address)
        public
        whenSystemNotPaused
        currentRoundInitialized
        autoClaimEarnings(msg.sender)
    {
        require(delegatorStatus(msg.sender) == DelegatorStatus.Unbonded, "caller must be unbonded");
        uint256 round = roundsManager().currentRound();
        ensureInitializedCumulativeFactorsPool(to, round);
        delegators[msg.sender].startRound = round + 1;
        delegators[msg.sender].delegateAddress = to;
        processRebond(msg.sender, unbondingLockId);
    }

    /// Sends an unbonding lock's LPT to the caller once its withdraw round has come.
    function withdrawStake(uint256 unbondingLockId) external whenSystemNotPaused currentRoundInitialized {
        Delegator storage del = delegators[msg.sender];
        UnbondingLock storage lock = del.unbondingLocks[unbondingLockId];
        require(isValidUnbondingLock(msg.sender, unbondingLockId), "invalid unbonding lock ID");
        require(
            lock.withdrawRound <= roundsManager().currentRound(),
            "withdraw round must be before or equal to the current round"
        );
        uint256 amount = lock.amount;
        uint256 withdrawRound = lock.withdrawRound;
        delete del.unbondingLocks[unbondingLockId];
        minter().trustedTransferTokens(msg.sender, amount);
        emit WithdrawStake(msg.sender, unbondingLockId, amount, withdrawRound);
    }

    /// Sends `amount` wei of the caller's fees (earnings claimed first) to `recipient`.
    function withdrawFees(address payable recipient, uint256 amount)
        external
        whenSystemNotPaused
        currentRoundInitialized
        autoClaimEarnings(msg.sender)
    {
        require(recipient != address(0), "invalid recipient");
        uint256 fees = delegators[msg.sender].fees;
        require(fees >= amount, "insufficient fees to withdraw");
        delegators[msg.sender].fees = fees - amount;
        minter().trustedWithdrawETH(recipient, amount);
        emit WithdrawFees(msg.sender, recipient, amount);
    }

    /// Adds the caller's rewards and fees since its last claim to its stake and fees (the end
    /// round is always the current round, as Livepeer's).
    function claimEarnings(uint256) external whenSystemNotPaused currentRoundInitialized {
        _autoClaimEarnings(msg.sender);
    }

    // ---- views ----

    /// Stake of `delegator` including rewards not yet claimed, as of the current round.
    function pendingStake(address delegator, uint256) public view returns (uint256) {
        (uint256 stake,) = pendingStakeAndFees(delegator, roundsManager().currentRound());
        return stake;
    }

    /// Fees of `delegator` including fees not yet claimed, as of the current round (wei).
    function pendingFees(address delegator, uint256) public view returns (uint256) {
        (, uint256 fees) = pendingStakeAndFees(delegator, roundsManager().currentRound());
        return fees;
    }

    /// Stake bonded to an orchestrator, its own included.
    function transcoderTotalStake(address transcoderAddress) public view returns (uint256) {
        return delegators[transcoderAddress].delegatedAmount;
    }

    function transcoderStatus(address transcoderAddress) public view returns (TranscoderStatus) {
        return isRegisteredTranscoder(transcoderAddress) ? TranscoderStatus.Registered : TranscoderStatus.NotRegistered;
    }

    /// Pending (bonded, active from its start round), Bonded, or Unbonded (nothing bonded).
    function delegatorStatus(address delegator) public view returns (DelegatorStatus) {
        Delegator storage del = delegators[delegator];
        if (del.bondedAmount == 0) return DelegatorStatus.Unbonded;
        if (del.startRound > roundsManager().currentRound()) return DelegatorStatus.Pending;
        return DelegatorStatus.Bonded;
    }

    /// Livepeer's return shape: ten values, in Livepeer's order (not a tuple).
    function getTranscoder(address transcoderAddress)
        public
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
        lastRewardRound = t.lastRewardRound;
        rewardCut = t.rewardCut;
        feeShare = t.feeShare;
        lastActiveStakeUpdateRound = t.lastActiveStakeUpdateRound;
        activationRound = t.activationRound;
        deactivationRound = t.deactivationRound;
        activeCumulativeRewards = t.activeCumulativeRewards;
        cumulativeRewards = t.cumulativeRewards;
        cumulativeFees = t.cumulativeFees;
        lastFeeRound = t.lastFeeRound;
    }

    function getTranscoderEarningsPoolForRound(address transcoderAddress, uint256 round)
        public
        view
        returns (
            uint256 totalStake,
            uint256 transcoderRewardCut,
            uint256 transcoderFeeShare,
            uint256 cumulativeRewardFactor,
            uint256 cumulativeFeeFactor
        )
    {
        EarningsPool storage pool = transcoders[transcoderAddress].earningsPoolPerRound[round];
        totalStake = pool.totalStake;
        transcoderRewardCut = pool.transcoderRewardCut;
        transcoderFeeShare = pool.transcoderFeeShare;
        cumulativeRewardFactor = pool.cumulativeRewardFactor;
        cumulativeFeeFactor = pool.cumulativeFeeFactor;
    }

    function getDelegator(address delegator)
        public
        view
        returns (
            uint256 bondedAmount,
            uint256 fees,
            address delegateAddress,
            uint256 delegatedAmount,
            uint256 startRound,
            uint256 lastClaimRound,
            uint256 nextUnbondingLockId
        )
    {
        Delegator storage del = delegators[delegator];
        bondedAmount = del.bondedAmount;
        fees = del.fees;
        delegateAddress = del.delegateAddress;
        delegatedAmount = del.delegatedAmount;
        startRound = del.startRound;
        lastClaimRound = del.lastClaimRound;
        nextUnbondingLockId = del.nextUnbondingLockId;
    }

    function getDelegatorUnbondingLock(address delegator, uint256 unbondingLockId)
        public
        view
        returns (uint256 amount, uint256 withdrawRound)
    {
        UnbondingLock storage lock = delegators[delegator].unbondingLocks[unbondingLockId];
        return (lock.amount, lock.withdrawRound);
    }

    function getTranscoderPoolMaxSize() public view returns (uint256) {
        return poolMaxSize;
    }

    function getTranscoderPoolSize() public view returns (uint256) {
        return poolSize;
    }

    function getFirstTranscoderInPool() public view returns (address) {
        return poolHead;
    }

    /// Next address in the pool after `transcoderAddress` (by stake, descending); 0x0 ends it.
    function getNextTranscoderInPool(address transcoderAddress) public view returns (address) {
        return nextInPool[transcoderAddress];
    }

    /// Total active stake of the current round.
    function getTotalBonded() public view returns (uint256) {
        return currentRoundTotalActiveStake;
    }

    /// Active in the current round: activationRound <= currentRound < deactivationRound.
    function isActiveTranscoder(address transcoderAddress) public view returns (bool) {
        Transcoder storage t = transcoders[transcoderAddress];
        uint256 round = roundsManager().currentRound();
        return t.activationRound <= round && round < t.deactivationRound;
    }

    /// Bonded to itself with stake.
    function isRegisteredTranscoder(address transcoderAddress) public view returns (bool) {
        Delegator storage d = delegators[transcoderAddress];
        return d.delegateAddress == transcoderAddress && d.bondedAmount > 0;
    }

    function isValidUnbondingLock(address delegator, uint256 unbondingLockId) public view returns (bool) {
        return delegators[delegator].unbondingLocks[unbondingLockId].withdrawRound > 0;
    }

    // ---- earnings (LIP-36 cumulative factors) ----

    /// amount × (num / denom), the fraction taken at 27-digit precision first (Livepeer's rounding).
    function precisePercOf(uint256 amount, uint256 num, uint256 denom) private pure returns (uint256) {
        return (amount * ((num * PRECISE_PERC_DIVISOR) / denom)) / PRECISE_PERC_DIVISOR;
    }

    function updateTranscoderWithRewards(address transcoderAddress, uint256 rewards, uint256 round) private {
        Transcoder storage t = transcoders[transcoderAddress];
        EarningsPool storage pool = t.earningsPoolPerRound[round];
        uint256 prevRewardFactor = t.earningsPoolPerRound[t.lastRewardRound].cumulativeRewardFactor;
        if (prevRewardFactor == 0) prevRewardFactor = PRECISE_PERC_DIVISOR;
        t.activeCumulativeRewards = t.cumulativeRewards;
        uint256 commission = (rewards * pool.transcoderRewardCut) / PERC_DIVISOR;
        uint256 delegatorsRewards = rewards - commission;
        // the orchestrator's earlier rewards are stake too: their share goes to it directly
        uint256 rewardStakeRewards = precisePercOf(delegatorsRewards, t.activeCumulativeRewards, pool.totalStake);
        t.cumulativeRewards += rewardStakeRewards + commission;
        pool.cumulativeRewardFactor =
            prevRewardFactor + precisePercOf(prevRewardFactor, delegatorsRewards, pool.totalStake);
        increaseTotalStake(transcoderAddress, rewards);
    }

    /// When reward() ran this round but not the round before, the previous round's reward factor
    /// estimated back from this round's (Livepeer's rule).
    function estimatedPreviousRewardFactor(EarningsPool storage pool) private view returns (uint256) {
        uint256 rewards =
            precisePercOf(minter().currentMintableTokens(), pool.totalStake, currentRoundTotalActiveStake);
        uint256 delegatorsRewards = rewards - (rewards * pool.transcoderRewardCut) / PERC_DIVISOR;
        return precisePercOf(pool.cumulativeRewardFactor, pool.totalStake, delegatorsRewards + pool.totalStake);
    }

    function cumulativeFactorsPool(Transcoder storage t, uint256 round)
        private
        view
        returns (EarningsPool memory pool)
    {
        pool.cumulativeRewardFactor = t.earningsPoolPerRound[round].cumulativeRewardFactor;
        pool.cumulativeFeeFactor = t.earningsPoolPerRound[round].cumulativeFeeFactor;
    }

    /// A round's cumulative factors, falling back to the last reward / fee round's when unset.
    function latestCumulativeFactorsPool(Transcoder storage t, uint256 round)
        private
        view
        returns (EarningsPool memory pool)
    {
        pool = cumulativeFactorsPool(t, round);
        if (pool.cumulativeRewardFactor == 0 && t.lastRewardRound < round) {
            pool.cumulativeRewardFactor = t.earningsPoolPerRound[t.lastRewardRound].cumulativeRewardFactor;
        }
        if (pool.cumulativeFeeFactor == 0 && t.lastFeeRound < round) {
            pool.cumulativeFeeFactor = t.earningsPoolPerRound[t.lastFeeRound].cumulativeFeeFactor;
        }
    }

    function pendingStakeAndFees(address delegator, uint256 endRound)
        private
        view
        returns (uint256 stake, uint256 fees)
    {
        Delegator storage del = delegators[delegator];
        Transcoder storage t = transcoders[del.delegateAddress];
        stake = del.bondedAmount;
        fees = del.fees;
        if (del.lastClaimRound + 1 <= endRound) {
            EarningsPool memory startPool = cumulativeFactorsPool(t, del.lastClaimRound);
            EarningsPool memory endPool = latestCumulativeFactorsPool(t, endRound);
            uint256 startFactor =
                startPool.cumulativeRewardFactor != 0 ? startPool.cumulativeRewardFactor : PRECISE_PERC_DIVISOR;
            uint256 endFactor =
                endPool.cumulativeRewardFactor != 0 ? endPool.cumulativeRewardFactor : PRECISE_PERC_DIVISOR;
            fees += precisePercOf(stake, endPool.cumulativeFeeFactor - startPool.cumulativeFeeFactor, startFactor);
            stake = precisePercOf(stake, endFactor, startFactor);
        }
        // its own commission and its rewards' share, kept outside the factors
        if (delegator == del.delegateAddress) {
            stake += t.cumulativeRewards;
            fees += t.cumulativeFees;
        }
    }

    function _autoClaimEarnings(address delegator) private {
        uint256 round = roundsManager().currentRound();
        uint256 lastClaimRound = delegators[delegator].lastClaimRound;
        if (lastClaimRound < round) updateDelegatorWithEarnings(delegator, round, lastClaimRound);
    }

    function updateDelegatorWithEarnings(address delegator, uint256 endRound, uint256 lastClaimRound) private {
        Delegator storage del = delegators[delegator];
        uint256 bonded = del.bondedAmount;
        uint256 fees = del.fees;
        address delegate = del.delegateAddress;
        if (delegate != address(0)) {
            (bonded, fees) = pendingStakeAndFees(delegator, endRound);
            ensureInitializedCumulativeFactorsPool(delegate, endRound);
            if (delegate == delegator) {
                transcoders[delegate].cumulativeFees = 0;
                transcoders[delegate].cumulativeRewards = 0;
            }
        }
        emit EarningsClaimed(delegate, delegator, bonded - del.bondedAmount, fees - del.fees, lastClaimRound + 1, endRound);
        del.lastClaimRound = endRound;
        del.bondedAmount = bonded;
        del.fees = fees;
    }

    /// Gives `round`'s pool the latest factors when it has none, so a claim starting there works.
    function ensureInitializedCumulativeFactorsPool(address transcoderAddress, uint256 round) private {
        Transcoder storage t = transcoders[transcoderAddress];
        EarningsPool storage pool = t.earningsPoolPerRound[round];
        if (pool.cumulativeRewardFactor == 0 && t.lastRewardRound < round) {
            pool.cumulativeRewardFactor = t.earningsPoolPerRound[t.lastRewardRound].cumulativeRewardFactor;
        }
        if (pool.cumulativeFeeFactor == 0 && t.lastFeeRound < round) {
            pool.cumulativeFeeFactor = t.earningsPoolPerRound[t.lastFeeRound].cumulativeFeeFactor;
        }
    }

    function processRebond(address delegator, uint256 unbondingLockId) private {
        Delegator storage del = delegators[delegator];
        require(isValidUnbondingLock(delegator, unbondingLockId), "invalid unbonding lock ID");
        uint256 amount = del.unbondingLocks[unbondingLockId].amount;
        del.bondedAmount += amount;
        delete del.unbondingLocks[unbondingLockId];
        address delegate = del.delegateAddress;
        ensurePendingDeactivationTranscoderCalledReward(delegate);
        increaseTotalStake(delegate, amount);
        emit Rebond(delegate, delegator, unbondingLockId, amount);
    }

    /// A transcoder leaving the active set at the end of this round must call reward() first.
    function ensurePendingDeactivationTranscoderCalledReward(address transcoderAddress) private view {
        Transcoder storage t = transcoders[transcoderAddress];
        if (isActiveTranscoder(transcoderAddress) && t.deactivationRound != MAX_FUTURE_ROUND) {
            require(
                t.lastRewardRound == roundsManager().currentRound(),
                "transcoder has not yet called reward for the current round"
            );
        }
    }

    // ---- stake and the pool ----

    function increaseTotalStake(address delegate, uint256 amount) private {
        uint256 currStake = delegators[delegate].delegatedAmount;
        uint256 newStake = currStake + amount;
        uint256 round = roundsManager().currentRound();
        bool activeNow = isActiveTranscoder(delegate);
        bool activeNext = inPool[delegate];
        if (activeNext) {
            removeFromPool(delegate);
            insertSorted(delegate, newStake);
            nextRoundTotalActiveStake += amount;
        } else if (isRegisteredTranscoder(delegate)) {
            tryToJoinActiveSet(delegate, newStake, round + 1);
        }
        if (activeNow || activeNext) updateActiveStake(delegate, currStake, newStake, round);
        delegators[delegate].delegatedAmount = newStake;
    }

    function decreaseTotalStake(address delegate, uint256 amount) private {
        uint256 currStake = delegators[delegate].delegatedAmount;
        uint256 newStake = currStake - amount;
        bool activeNow = isActiveTranscoder(delegate);
        bool activeNext = inPool[delegate];
        if (activeNext) {
            removeFromPool(delegate);
            insertSorted(delegate, newStake);
            nextRoundTotalActiveStake -= amount;
        }
        if (activeNow || activeNext) updateActiveStake(delegate, currStake, newStake, roundsManager().currentRound());
        delegators[delegate].delegatedAmount = newStake;
    }

    /// Records the stake of the current round (if not yet) and of the next one in the pools.
    function updateActiveStake(address delegate, uint256 currStake, uint256 newStake, uint256 round) private {
        Transcoder storage t = transcoders[delegate];
        if (t.lastActiveStakeUpdateRound < round) t.earningsPoolPerRound[round].totalStake = currStake;
        t.earningsPoolPerRound[round + 1].totalStake = newStake;
        t.lastActiveStakeUpdateRound = round + 1;
    }

    /// Adds a transcoder to next round's active set, evicting the smallest when the pool is full
    /// (unless it has no more stake than that one).
    function tryToJoinActiveSet(address transcoderAddress, uint256 totalStake, uint256 activationRound) private {
        uint256 pending = nextRoundTotalActiveStake;
        if (poolSize >= poolMaxSize) {
            address last = poolTail;
            uint256 lastStake = delegators[last].delegatedAmount;
            if (totalStake <= lastStake) return;
            removeFromPool(last);
            transcoders[last].deactivationRound = activationRound;
            pending -= lastStake;
            emit TranscoderDeactivated(last, activationRound);
        }
        insertSorted(transcoderAddress, totalStake);
        pending += totalStake;
        Transcoder storage t = transcoders[transcoderAddress];
        t.lastActiveStakeUpdateRound = activationRound;
        t.activationRound = activationRound;
        t.deactivationRound = MAX_FUTURE_ROUND;
        t.earningsPoolPerRound[activationRound].totalStake = totalStake;
        nextRoundTotalActiveStake = pending;
        emit TranscoderActivated(transcoderAddress, activationRound);
    }

    /// Leaves the pool; active until the end of the current round.
    function resignTranscoder(address transcoderAddress) private {
        removeFromPool(transcoderAddress);
        nextRoundTotalActiveStake -= delegators[transcoderAddress].delegatedAmount;
        uint256 deactivationRound = roundsManager().currentRound() + 1;
        transcoders[transcoderAddress].deactivationRound = deactivationRound;
        emit TranscoderDeactivated(transcoderAddress, deactivationRound);
    }

    function insertSorted(address a, uint256 stake) private {
        address prev = address(0);
        address cur = poolHead;
        while (cur != address(0) && delegators[cur].delegatedAmount >= stake && cur != a) {
            prev = cur;
            cur = nextInPool[cur];
        }
        nextInPool[a] = cur;
        prevInPool[a] = prev;
        if (cur != address(0)) prevInPool[cur] = a;
        else poolTail = a;
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
        if (next == address(0)) poolTail = prev;
        else prevInPool[next] = prev;
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

    function livepeerToken() private view returns (ILivepeerToken) {
        return ILivepeerToken(peer("LivepeerToken"));
    }
}
