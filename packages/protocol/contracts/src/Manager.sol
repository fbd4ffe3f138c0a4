// SPDX-License-Identifier: MIT
// Base of every Prism dev-chain contract: finds its peers through the Controller and honours its pause switch.
pragma solidity ^0.8.20;

import {Controller} from "./Controller.sol";

abstract contract Manager {
    Controller public immutable controller;

    constructor(address controllerAddress) {
        controller = Controller(controllerAddress);
    }

    modifier whenSystemNotPaused() {
        require(!controller.paused(), "system is paused");
        _;
    }

    modifier onlyControllerOwner() {
        require(msg.sender == controller.owner(), "caller must be Controller owner");
        _;
    }

    /// Address of the peer contract registered as `name`.
    function peer(string memory name) internal view returns (address) {
        return controller.getContract(keccak256(bytes(name)));
    }
}
