// SPDX-License-Identifier: MIT
// Prism dev-chain Minter: holds every wei funded into TicketBroker and every bonded LPT; pays fees,
// withdrawals and unbonded stake out on behalf of TicketBroker and BondingManager; mints each
// round's LPT reward from an inflation rate that moves toward a target bonding rate (Livepeer's
// model: mintable = supply × inflation / 1e9, inflation ± inflationChange per round).
pragma solidity ^0.8.20;

import {Manager} from "./Manager.sol";
import {IBondingManager, ILivepeerToken} from "./Interfaces.sol";

contract Minter is Manager {
    /// Parts per billion.
    uint256 private constant PERC_DIVISOR = 1000000000;

    /// Per-round inflation, parts per billion of the LPT supply.
    uint256 public inflation;
    /// Change of `inflation` per round while the bonding rate is off target.
    uint256 public inflationChange;
    /// Target share of the supply bonded (active stake), parts per billion.
    uint256 public targetBondingRate;
    /// LPT mintable in the current round (set when the round is initialized).
    uint256 public currentMintableTokens;
    /// LPT minted so far in the current round.
    uint256 public currentMintedTokens;

    event SetCurrentRewardTokens(uint256 currentMintableTokens, uint256 currentInflation);
    event ParameterUpdate(string param);

    constructor(
        address controllerAddress,
        uint256 initialInflation,
        uint256 initialInflationChange,
        uint256 initialTargetBondingRate
    ) Manager(controllerAddress) {
        require(initialTargetBondingRate <= PERC_DIVISOR, "invalid percentage for target bonding rate");
        inflation = initialInflation;
        inflationChange = initialInflationChange;
        targetBondingRate = initialTargetBondingRate;
    }

    modifier onlyBondingManager() {
        require(msg.sender == peer("BondingManager"), "caller must be BondingManager");
        _;
    }

    function setTargetBondingRate(uint256 rate) external onlyControllerOwner {
        require(rate <= PERC_DIVISOR, "invalid percentage for target bonding rate");
        targetBondingRate = rate;
        emit ParameterUpdate("targetBondingRate");
    }

    function setInflationChange(uint256 change) external onlyControllerOwner {
        inflationChange = change;
        emit ParameterUpdate("inflationChange");
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

    /// Sends `amount` LPT held here (bonded stake, rewards) to `to`. Only BondingManager.
    function trustedTransferTokens(address to, uint256 amount) external onlyBondingManager {
        require(livepeerToken().transfer(to, amount), "token transfer failed");
    }

    /// Burns `amount` LPT held here. Only BondingManager.
    function trustedBurnTokens(uint256 amount) external onlyBondingManager {
        livepeerToken().burn(amount);
    }

    /// Mints the reward of a transcoder holding `fracNum` of `fracDenom` active stake; the tokens
    /// stay here (bonded). Only BondingManager.
    function createReward(uint256 fracNum, uint256 fracDenom)
        external
        onlyBondingManager
        whenSystemNotPaused
        returns (uint256 mintAmount)
    {
        if (fracDenom == 0) return 0;
        mintAmount = (currentMintableTokens * ((fracNum * PERC_DIVISOR) / fracDenom)) / PERC_DIVISOR;
        currentMintedTokens += mintAmount;
        require(currentMintedTokens <= currentMintableTokens, "minted tokens cannot exceed mintable tokens");
        livepeerToken().mint(address(this), mintAmount);
    }

    /// Moves inflation toward the target bonding rate and sets this round's mintable tokens. Only
    /// RoundsManager (initializeRound).
    function setCurrentRewardTokens() external whenSystemNotPaused {
        require(msg.sender == peer("RoundsManager"), "caller must be RoundsManager");
        uint256 supply = livepeerToken().totalSupply();
        uint256 bonded = IBondingManager(peer("BondingManager")).getTotalBonded();
        uint256 rate = supply == 0 ? 0 : (bonded * PERC_DIVISOR) / supply;
        if (rate < targetBondingRate) {
            inflation += inflationChange;
        } else if (rate > targetBondingRate) {
            inflation = inflation > inflationChange ? inflation - inflationChange : 0;
        }
        currentMintableTokens = (supply * inflation) / PERC_DIVISOR;
        currentMintedTokens = 0;
        emit SetCurrentRewardTokens(currentMintableTokens, inflation);
    }

    /// Total LPT supply.
    function getGlobalTotalSupply() external view returns (uint256) {
        return livepeerToken().totalSupply();
    }

    function livepeerToken() private view returns (ILivepeerToken) {
        return ILivepeerToken(peer("LivepeerToken"));
    }
}
