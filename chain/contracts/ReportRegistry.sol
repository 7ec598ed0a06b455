// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title DeepTrace report registry
/// @notice Stores Merkle roots of batches of DeepTrace report digests, so that
/// anyone holding a report, its proof and this contract's address can check,
/// with a read-only call, that the report was not altered after anchoring.
/// @dev Tree rules (docs/anchoring.md §2): leaf = keccak256(digest); inner node
/// = keccak256 of the two children in ascending order (OpenZeppelin's
/// commutative hash); leaves sorted; an odd last node moves up unchanged.
contract ReportRegistry is AccessControl {
    /// @notice Role allowed to anchor batches.
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    /// @notice What the chain recorded when a root was anchored.
    /// @param timestamp block time of the anchoring transaction (seconds)
    /// @param blockNumber block that included the anchoring transaction
    /// @param submitter account that sent the transaction
    /// @param count number of reports in the batch (never 0 once anchored)
    struct Anchor {
        uint64 timestamp;
        uint64 blockNumber;
        address submitter;
        uint32 count;
    }

    /// @notice Emitted once per anchored root.
    event BatchAnchored(bytes32 indexed root, uint32 count, address indexed submitter, uint64 timestamp);

    /// @notice The root is zero, which no Merkle tree of keccak256 leaves yields.
    error ZeroRoot();
    /// @notice The batch claims to hold no reports.
    error EmptyBatch();
    /// @notice The root was anchored before; a retried transaction lands here.
    error AlreadyAnchored(bytes32 root);

    mapping(bytes32 root => Anchor) private _anchors;

    /// @param admin account that gets DEFAULT_ADMIN_ROLE (manages roles) and ANCHORER_ROLE
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ANCHORER_ROLE, admin);
    }

    /// @notice Records `root` as the Merkle root of a batch of `count` report digests.
    /// @dev Each root is accepted once, which makes resending the same batch safe.
    function anchorBatch(bytes32 root, uint32 count) external onlyRole(ANCHORER_ROLE) {
        if (root == bytes32(0)) revert ZeroRoot();
        if (count == 0) revert EmptyBatch();
        if (_isAnchored(root)) revert AlreadyAnchored(root);

        // uint64 holds block times and numbers for billions of years.
        uint64 timestamp = uint64(block.timestamp);
        _anchors[root] = Anchor(timestamp, uint64(block.number), _msgSender(), count);
        emit BatchAnchored(root, count, _msgSender(), timestamp);
    }

    /// @notice The record of `root`; all fields zero when it was never anchored.
    function getAnchor(bytes32 root) external view returns (Anchor memory) {
        return _anchors[root];
    }

    /// @notice Whether `root` was anchored.
    function isAnchored(bytes32 root) external view returns (bool) {
        return _isAnchored(root);
    }

    /// @notice The Merkle leaf of a report digest: keccak256 of its 32 bytes, so
    /// that an inner node (a hash of 64 bytes) can never pass for a report.
    function leafOf(bytes32 digest) external pure returns (bytes32) {
        return keccak256(abi.encode(digest));
    }

    /// @notice True iff `root` is anchored and `proof` leads from `leaf` to `root`.
    /// @param leaf leafOf(digest) of the report
    /// @param proof sibling hashes from the leaf up to the root
    /// @param root the batch's Merkle root
    function verify(bytes32 leaf, bytes32[] calldata proof, bytes32 root) external view returns (bool) {
        return _isAnchored(root) && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @dev An anchored batch always has a non-zero count (EmptyBatch forbids 0).
    function _isAnchored(bytes32 root) private view returns (bool) {
        return _anchors[root].count != 0;
    }
}
