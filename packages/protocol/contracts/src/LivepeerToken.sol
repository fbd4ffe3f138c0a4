// SPDX-License-Identifier: MIT
// Prism dev-chain LivepeerToken (LPT): an OpenZeppelin ERC-20 ("Livepeer Token", "LPT", 18 decimals)
// that the Minter mints each round as rewards, and the Controller owner mints for dev accounts.
pragma solidity ^0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Manager} from "./Manager.sol";

contract LivepeerToken is ERC20, Manager {
    event Mint(address indexed to, uint256 amount);
    event Burn(address indexed burner, uint256 amount);

    constructor(address controllerAddress) ERC20("Livepeer Token", "LPT") Manager(controllerAddress) {}

    /// Mints `amount` to `to`: the Minter (round rewards) or the Controller owner (dev funding).
    function mint(address to, uint256 amount) external {
        require(
            msg.sender == peer("Minter") || msg.sender == controller.owner(), "caller must be Minter or Controller owner"
        );
        _mint(to, amount);
        emit Mint(to, amount);
    }

    /// Burns `amount` of the caller's tokens.
    function burn(uint256 amount) external {
        _burn(msg.sender, amount);
        emit Burn(msg.sender, amount);
    }
}
