// SPDX-License-Identifier: MIT
// Prism dev-chain Controller: a name registry (keccak256(name) -> address) and the pause switch.
// Written for Prism; follows the public interface of Livepeer's Controller (getContract(bytes32)).
pragma solidity ^0.8.20;

contract Controller {
    address public owner;
    bool public paused;
    mapping(bytes32 => address) private registry;

    event SetContract(bytes32 indexed id, address contractAddress);
    event Pause();
    event Unpause();

    modifier onlyOwner() {
        require(msg.sender == owner, "caller must be owner");
        _;
    }

    constructor() {
        owner = msg.sender;
    }

    /// Registers `contractAddress` under `id` (= keccak256 of the contract name).
    function setContract(bytes32 id, address contractAddress) external onlyOwner {
        registry[id] = contractAddress;
        emit SetContract(id, contractAddress);
    }

    /// Address registered under `id`, or 0x0.
    function getContract(bytes32 id) external view returns (address) {
        return registry[id];
    }

    function pause() external onlyOwner {
        paused = true;
        emit Pause();
    }

    function unpause() external onlyOwner {
        paused = false;
        emit Unpause();
    }
}
