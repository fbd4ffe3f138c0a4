// SPDX-License-Identifier: MIT
// Signature recovery for tickets, with the checks and revert strings of OpenZeppelin 4.4.1's
// ECDSA.recover (which Livepeer's deployed TicketBroker uses). Written for Prism.
pragma solidity ^0.8.20;

library TicketSignature {
    // secp256k1 n / 2: larger s values are malleable and rejected.
    uint256 private constant HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// EIP-191 personal-message digest of a 32-byte hash.
    function ethSignedMessageHash(bytes32 hash) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", hash));
    }

    /// Signer of `digest` given a 65-byte (r, s, v) or 64-byte compact (r, vs) signature.
    function recover(bytes32 digest, bytes memory sig) internal pure returns (address) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        if (sig.length == 65) {
            assembly {
                r := mload(add(sig, 0x20))
                s := mload(add(sig, 0x40))
                v := byte(0, mload(add(sig, 0x60)))
            }
        } else if (sig.length == 64) {
            bytes32 vs;
            assembly {
                r := mload(add(sig, 0x20))
                vs := mload(add(sig, 0x40))
            }
            s = vs & bytes32(0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff);
            v = uint8((uint256(vs) >> 255) + 27);
        } else {
            revert("ECDSA: invalid signature length");
        }
        require(uint256(s) <= HALF_N, "ECDSA: invalid signature 's' value");
        require(v == 27 || v == 28, "ECDSA: invalid signature 'v' value");
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0), "ECDSA: invalid signature");
        return signer;
    }
}
