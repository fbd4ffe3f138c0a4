// SPDX-License-Identifier: MIT
// Prism dev-chain Minter: holds every wei that senders fund into TicketBroker, pays it out (fees to
// orchestrators, withdrawals to senders) on behalf of TicketBroker and BondingManager, and mints
// the per-round reward (stake units, an internal ledger kept by BondingManager).
pragma solidity ^0.8.20;

import {Manager} from "./Manager.sol";

contract Minter is Manager {
    /// Reward minted per round, shared among active transcoders by stake.
    uint256 public mintPerRound;
    uint256 public totalMinted;

    event MintPerRoundUpdate(uint256 amount);

    constructor(address controllerAddress, uint256 initialMintPerRound) Manager(controllerAddress) {
        mintPerRound = initialMintPerRound;
    }

    function setMintPerRound(uint256 amount) external onlyControllerOwner {
        mintPerRound = amount;
        emit MintPerRoundUpdate(amount);
    }

    /// Receives funds from TicketBroker.
    function depositETH() external payable returns (bool) {
        require(msg.sender == peer("TicketBroker"), "caller must be TicketBroker");
        return true;
    }

    /// Sends `amount` wei to `to`. Only TicketBroker (withdrawals) and BondingManager (fees).
    function trustedWithdrawETH(address payable to, uint256 amount) external {
        require(
            msg.sender == peer("TicketBroker") || msg.sender == peer("BondingManager"),
            "caller must be BondingManager or TicketBroker"
        );
        (bool ok,) = to.call{value: amount}("");
        require(ok, "ETH transfer failed");
    }

    /// Reward for a transcoder holding `fracNum` of `fracDenom` active stake. Only BondingManager.
    function createReward(uint256 fracNum, uint256 fracDenom) external whenSystemNotPaused returns (uint256) {
        require(msg.sender == peer("BondingManager"), "caller must be BondingManager");
        if (fracDenom == 0) return 0;
        uint256 amount = (mintPerRound * fracNum) / fracDenom;
        totalMinted += amount;
        return amount;
    }

    function currentMintableTokens() external view returns (uint256) {
        return mintPerRound;
    }
}
