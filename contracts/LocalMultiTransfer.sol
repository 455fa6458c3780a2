// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @dev The two token calls the batch payer needs.
interface IPaymentToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @title LocalMultiTransfer
/// @notice Pays many recipients in one transaction, with the entry points that
/// yagna's erc20 driver calls on Golem's multi-transfer contract.
/// @dev A packed payment is one bytes32: the recipient in the high 160 bits and
/// the amount (a uint96) in the low 96 bits. "Direct" methods move tokens from
/// the caller to each recipient, so every Transfer log reads payer -> payee;
/// "indirect" methods collect the total here first and pay out from here.
/// The caller must have approved this contract on the token.
contract LocalMultiTransfer {
    /// @notice The token this contract pays in (the getter is named as in Golem's contract).
    address public immutable GLM;

    uint256 private constant AMOUNT_MASK = (1 << 96) - 1;

    constructor(address glm) {
        require(glm != address(0), "LocalMultiTransfer: token is the zero address");
        GLM = glm;
    }

    function golemTransferDirectPacked(bytes32[] calldata payments) external {
        IPaymentToken token = IPaymentToken(GLM);
        for (uint256 i = 0; i < payments.length; ++i) {
            (address to, uint256 amount) = _unpack(payments[i]);
            require(token.transferFrom(msg.sender, to, amount), "LocalMultiTransfer: transferFrom failed");
        }
    }

    function golemTransferIndirectPacked(bytes32[] calldata payments, uint256 totalAmount) external {
        IPaymentToken token = IPaymentToken(GLM);
        require(
            token.transferFrom(msg.sender, address(this), totalAmount),
            "LocalMultiTransfer: transferFrom failed"
        );
        uint256 paid = 0;
        for (uint256 i = 0; i < payments.length; ++i) {
            (address to, uint256 amount) = _unpack(payments[i]);
            paid += amount;
            require(token.transfer(to, amount), "LocalMultiTransfer: transfer failed");
        }
        require(paid == totalAmount, "LocalMultiTransfer: amounts do not add up to the total");
    }

    function golemTransferDirect(address[] calldata recipients, uint256[] calldata amounts) external {
        require(recipients.length == amounts.length, "LocalMultiTransfer: length mismatch");
        IPaymentToken token = IPaymentToken(GLM);
        for (uint256 i = 0; i < recipients.length; ++i) {
            require(
                token.transferFrom(msg.sender, recipients[i], amounts[i]),
                "LocalMultiTransfer: transferFrom failed"
            );
        }
    }

    function golemTransferIndirect(address[] calldata recipients, uint256[] calldata amounts) external {
        require(recipients.length == amounts.length, "LocalMultiTransfer: length mismatch");
        IPaymentToken token = IPaymentToken(GLM);
        uint256 total = 0;
        for (uint256 i = 0; i < amounts.length; ++i) {
            total += amounts[i];
        }
        require(token.transferFrom(msg.sender, address(this), total), "LocalMultiTransfer: transferFrom failed");
        for (uint256 i = 0; i < recipients.length; ++i) {
            require(token.transfer(recipients[i], amounts[i]), "LocalMultiTransfer: transfer failed");
        }
    }

    function _unpack(bytes32 packed) private pure returns (address to, uint256 amount) {
        uint256 word = uint256(packed);
        to = address(uint160(word >> 96));
        amount = word & AMOUNT_MASK;
    }
}
