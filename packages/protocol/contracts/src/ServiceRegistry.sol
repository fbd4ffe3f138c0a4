// SPDX-License-Identifier: MIT
// Prism dev-chain ServiceRegistry: each orchestrator publishes the URL of its service.
pragma solidity ^0.8.20;

import {Manager} from "./Manager.sol";

contract ServiceRegistry is Manager {
    mapping(address => string) private serviceURIs;

    event ServiceURIUpdate(address indexed addr, string serviceURI);

    constructor(address controllerAddress) Manager(controllerAddress) {}

    function setServiceURI(string calldata serviceURI) external whenSystemNotPaused {
        serviceURIs[msg.sender] = serviceURI;
        emit ServiceURIUpdate(msg.sender, serviceURI);
    }

    function getServiceURI(address addr) external view returns (string memory) {
        return serviceURIs[addr];
    }
}
