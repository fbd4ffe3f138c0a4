// SPDX-License-Identifier: MIT
// Prism dev-chain TicketBroker: senders fund a deposit and a reserve; orchestrators redeem winning
// probabilistic tickets against them. Function signatures, check order and revert strings follow
// Livepeer's TicketBroker (see docs/protocol.md §4); the code is Prism's own.
pragma solidity ^0.8.20;

import {Manager} from "./Manager.sol";
import {IBondingManager, IMinter, IRoundsManager} from "./Interfaces.sol";
import {TicketSignature} from "./TicketSignature.sol";

contract TicketBroker is Manager {
    struct Ticket {
        address recipient;
        address sender;
        uint256 faceValue;
        uint256 winProb;
        uint256 senderNonce;
        bytes32 recipientRandHash;
        bytes auxData;
    }

    struct Sender {
        uint256 deposit;
        uint256 withdrawRound;
    }

    struct ReserveInfo {
        uint256 fundsRemaining;
        uint256 claimedInCurrentRound;
    }

    struct Reserve {
        uint256 funds;
        mapping(uint256 => uint256) claimedForRound;
        mapping(uint256 => mapping(address => uint256)) claimedByAddress;
    }

    /// Rounds between unlock() and the first round in which withdraw() succeeds.
    uint256 public unlockPeriod;
    /// A ticket is redeemable while creationRound + ticketValidityPeriod > currentRound.
    uint256 public ticketValidityPeriod;

    mapping(bytes32 => bool) public usedTickets;
    mapping(address => Sender) private senders;
    mapping(address => Reserve) private reserves;

    event DepositFunded(address indexed sender, uint256 amount);
    event ReserveFunded(address indexed reserveHolder, uint256 amount);
    event ReserveClaimed(address indexed reserveHolder, address claimant, uint256 amount);
    event WinningTicketTransfer(address indexed sender, address indexed recipient, uint256 amount);
    event WinningTicketRedeemed(
        address indexed sender,
        address indexed recipient,
        uint256 faceValue,
        uint256 winProb,
        uint256 senderNonce,
        uint256 recipientRand,
        bytes auxData
    );
    event Unlock(address indexed sender, uint256 startRound, uint256 endRound);
    event UnlockCancelled(address indexed sender);
    event Withdrawal(address indexed sender, uint256 deposit, uint256 reserve);
    event ParameterUpdate(string param);

    constructor(address controllerAddress, uint256 initialUnlockPeriod, uint256 initialTicketValidityPeriod)
        Manager(controllerAddress)
    {
        require(initialTicketValidityPeriod > 0, "ticketValidityPeriod must be greater than 0");
        unlockPeriod = initialUnlockPeriod;
        ticketValidityPeriod = initialTicketValidityPeriod;
    }

    modifier currentRoundInitialized() {
        require(roundsManager().currentRoundInitialized(), "current round is not initialized");
        _;
    }

    function setUnlockPeriod(uint256 period) external onlyControllerOwner {
        unlockPeriod = period;
        emit ParameterUpdate("unlockPeriod");
    }

    function setTicketValidityPeriod(uint256 period) external onlyControllerOwner {
        require(period > 0, "ticketValidityPeriod must be greater than 0");
        ticketValidityPeriod = period;
        emit ParameterUpdate("ticketValidityPeriod");
    }

    // ---- funding ----

    function fundDeposit() external payable whenSystemNotPaused {
        minter().depositETH{value: msg.value}();
        addDeposit(msg.sender, msg.value);
        cancelUnlockIfCaller(msg.sender);
    }

    function fundReserve() external payable whenSystemNotPaused {
        minter().depositETH{value: msg.value}();
        addReserve(msg.sender, msg.value);
        cancelUnlockIfCaller(msg.sender);
    }

    function fundDepositAndReserve(uint256 depositAmount, uint256 reserveAmount) external payable {
        fundDepositAndReserveFor(msg.sender, depositAmount, reserveAmount);
    }

    /// Funds `addr`'s deposit and reserve from the caller's msg.value (which must equal their sum).
    function fundDepositAndReserveFor(address addr, uint256 depositAmount, uint256 reserveAmount)
        public
        payable
        whenSystemNotPaused
    {
        require(
            msg.value == depositAmount + reserveAmount,
            "msg.value does not equal sum of deposit amount and reserve amount"
        );
        minter().depositETH{value: msg.value}();
        addDeposit(addr, depositAmount);
        addReserve(addr, reserveAmount);
        cancelUnlockIfCaller(addr);
    }

    // ---- unlock / withdraw ----

    function unlock() external whenSystemNotPaused {
        Sender storage s = senders[msg.sender];
        require(s.deposit > 0 || reserves[msg.sender].funds > 0, "sender deposit and reserve are zero");
        require(s.withdrawRound == 0, "unlock already initiated");
        uint256 round = roundsManager().currentRound();
        s.withdrawRound = round + unlockPeriod;
        emit Unlock(msg.sender, round, s.withdrawRound);
    }

    function cancelUnlock() external whenSystemNotPaused {
        require(senders[msg.sender].withdrawRound > 0, "no unlock request in progress");
        senders[msg.sender].withdrawRound = 0;
        emit UnlockCancelled(msg.sender);
    }

    function withdraw() external whenSystemNotPaused {
        Sender storage s = senders[msg.sender];
        uint256 depositAmount = s.deposit;
        uint256 reserveAmount = reserves[msg.sender].funds;
        require(depositAmount > 0 || reserveAmount > 0, "sender deposit and reserve are zero");
        require(s.withdrawRound > 0, "no unlock request in progress");
        require(!isLocked(s), "account is locked");
        s.deposit = 0;
        s.withdrawRound = 0;
        reserves[msg.sender].funds = 0;
        minter().trustedWithdrawETH(payable(msg.sender), depositAmount + reserveAmount);
        emit Withdrawal(msg.sender, depositAmount, reserveAmount);
    }

    // ---- redemption ----

    /// Redeems a winning ticket: pays min(faceValue, deposit + claimable reserve) to the recipient.
    function redeemWinningTicket(Ticket memory ticket, bytes memory sig, uint256 recipientRand)
        public
        whenSystemNotPaused
        currentRoundInitialized
    {
        bytes32 ticketHash = getTicketHash(ticket);
        requireValidWinningTicket(ticket, ticketHash, sig, recipientRand);
        Sender storage s = senders[ticket.sender];
        require(isLocked(s), "sender is unlocked");
        require(s.deposit > 0 || reserves[ticket.sender].funds > 0, "sender deposit and reserve are zero");

        usedTickets[ticketHash] = true;

        uint256 amount;
        if (ticket.faceValue > s.deposit) {
            amount = s.deposit + claimFromReserve(ticket.sender, ticket.recipient, ticket.faceValue - s.deposit);
            s.deposit = 0;
        } else {
            amount = ticket.faceValue;
            s.deposit -= ticket.faceValue;
        }
        if (amount > 0) {
            (uint256 creationRound,) = decodeAuxData(ticket.auxData);
            bondingManager().updateTranscoderWithFees(ticket.recipient, amount, creationRound);
            emit WinningTicketTransfer(ticket.sender, ticket.recipient, amount);
        }
        emit WinningTicketRedeemed(
            ticket.sender,
            ticket.recipient,
            ticket.faceValue,
            ticket.winProb,
            ticket.senderNonce,
            recipientRand,
            ticket.auxData
        );
    }

    /// Redeems several tickets; a failing ticket is skipped, it does not revert the batch.
    function batchRedeemWinningTickets(Ticket[] memory tickets, bytes[] memory sigs, uint256[] memory recipientRands)
        external
        whenSystemNotPaused
        currentRoundInitialized
    {
        for (uint256 i = 0; i < tickets.length; i++) {
            redeemWinningTicketNoRevert(tickets[i], sigs[i], recipientRands[i]);
        }
    }

    /// Redeems one ticket through an external self-call and reports success instead of reverting.
    function redeemWinningTicketNoRevert(Ticket memory ticket, bytes memory sig, uint256 recipientRand)
        public
        returns (bool success)
    {
        (success,) = address(this).call(abi.encodeCall(this.redeemWinningTicket, (ticket, sig, recipientRand)));
    }

    // ---- views ----

    function getTicketHash(Ticket memory ticket) public pure returns (bytes32) {
        return keccak256(
            abi.encodePacked(
                ticket.recipient,
                ticket.sender,
                ticket.faceValue,
                ticket.winProb,
                ticket.senderNonce,
                ticket.recipientRandHash,
                ticket.auxData
            )
        );
    }

    function getSenderInfo(address addr) external view returns (Sender memory sender, ReserveInfo memory reserve) {
        sender = senders[addr];
        reserve = getReserveInfo(addr);
    }

    function getReserveInfo(address reserveHolder) public view returns (ReserveInfo memory info) {
        Reserve storage r = reserves[reserveHolder];
        info.fundsRemaining = r.funds;
        info.claimedInCurrentRound = r.claimedForRound[roundsManager().currentRound()];
    }

    /// What `claimant` may still claim from `reserveHolder`'s reserve this round: an equal share
    /// among the pool, 0 unless the claimant is an active transcoder.
    function claimableReserve(address reserveHolder, address claimant) public view returns (uint256) {
        IBondingManager bm = bondingManager();
        uint256 poolSize = bm.getTranscoderPoolSize();
        if (poolSize == 0 || !bm.isActiveTranscoder(claimant)) return 0;
        Reserve storage r = reserves[reserveHolder];
        uint256 round = roundsManager().currentRound();
        uint256 allocation = (r.funds + r.claimedForRound[round]) / poolSize;
        uint256 claimed = r.claimedByAddress[round][claimant];
        return allocation > claimed ? allocation - claimed : 0;
    }

    function claimedReserve(address reserveHolder, address claimant) external view returns (uint256) {
        return reserves[reserveHolder].claimedByAddress[roundsManager().currentRound()][claimant];
    }

    function isUnlockInProgress(address sender) external view returns (bool) {
        return senders[sender].withdrawRound > 0;
    }

    // ---- internals ----

    function requireValidWinningTicket(
        Ticket memory ticket,
        bytes32 ticketHash,
        bytes memory sig,
        uint256 recipientRand
    ) internal view {
        require(ticket.recipient != address(0), "ticket recipient is null address");
        require(ticket.sender != address(0), "ticket sender is null address");
        requireValidTicketAuxData(ticket.auxData);
        require(
            keccak256(abi.encodePacked(recipientRand)) == ticket.recipientRandHash,
            "recipientRand does not match recipientRandHash"
        );
        require(!usedTickets[ticketHash], "ticket is used");
        require(sig.length == 65, "INVALID_SIGNATURE_LENGTH");
        address signer = TicketSignature.recover(TicketSignature.ethSignedMessageHash(ticketHash), sig);
        require(signer != address(0) && signer == ticket.sender, "invalid signature over ticket hash");
        require(uint256(keccak256(abi.encodePacked(sig, recipientRand))) < ticket.winProb, "ticket did not win");
    }

    function requireValidTicketAuxData(bytes memory auxData) internal view {
        require(auxData.length == 64, "invalid length for ticket auxData: must be 64 bytes");
        (uint256 creationRound, bytes32 creationRoundBlockHash) = decodeAuxData(auxData);
        IRoundsManager rm = roundsManager();
        bytes32 blockHash = rm.blockHashForRound(creationRound);
        require(blockHash != bytes32(0), "ticket creationRound does not have a block hash");
        require(creationRoundBlockHash == blockHash, "ticket creationRoundBlockHash invalid for creationRound");
        require(creationRound + ticketValidityPeriod > rm.currentRound(), "ticket is expired");
    }

    function decodeAuxData(bytes memory auxData) internal pure returns (uint256 creationRound, bytes32 blockHash) {
        assembly {
            creationRound := mload(add(auxData, 0x20))
            blockHash := mload(add(auxData, 0x40))
        }
    }

    function claimFromReserve(address reserveHolder, address claimant, uint256 amount) internal returns (uint256) {
        uint256 claimAmount = claimableReserve(reserveHolder, claimant);
        if (amount < claimAmount) claimAmount = amount;
        if (claimAmount == 0) return 0;
        Reserve storage r = reserves[reserveHolder];
        uint256 round = roundsManager().currentRound();
        r.funds -= claimAmount;
        r.claimedForRound[round] += claimAmount;
        r.claimedByAddress[round][claimant] += claimAmount;
        emit ReserveClaimed(reserveHolder, claimant, claimAmount);
        return claimAmount;
    }

    function addDeposit(address sender, uint256 amount) private {
        senders[sender].deposit += amount;
        emit DepositFunded(sender, amount);
    }

    function addReserve(address reserveHolder, uint256 amount) private {
        reserves[reserveHolder].funds += amount;
        emit ReserveFunded(reserveHolder, amount);
    }

    function cancelUnlockIfCaller(address sender) private {
        if (msg.sender == sender && senders[sender].withdrawRound > 0) {
            senders[sender].withdrawRound = 0;
            emit UnlockCancelled(sender);
        }
    }

    /// Locked: no unlock requested, or the unlock period has not yet passed.
    function isLocked(Sender storage s) internal view returns (bool) {
        return s.withdrawRound == 0 || roundsManager().currentRound() < s.withdrawRound;
    }

    function roundsManager() private view returns (IRoundsManager) {
        return IRoundsManager(peer("RoundsManager"));
    }

    function bondingManager() private view returns (IBondingManager) {
        return IBondingManager(peer("BondingManager"));
    }

    function minter() private view returns (IMinter) {
        return IMinter(peer("Minter"));
    }
}
