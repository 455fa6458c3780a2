// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title LocalTestToken
/// @notice An ERC-20 token for a private test chain, standing in for Golem's tGLM.
/// @dev 18 decimals like GLM. The deployer is the owner and the only minter.
/// Revert texts matter: yagna's erc20 driver recognises a payer without tokens
/// by the words "transfer amount exceeds balance" in the gas-estimation error.
contract LocalTestToken {
    string public constant name = "Golem Local Test Token";
    string public constant symbol = "tGLM";
    uint8 public constant decimals = 18;

    address public immutable owner;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor() {
        owner = msg.sender;
    }

    /// @notice Create `amount` new tokens for `to`; only the deployer may.
    function mint(address to, uint256 amount) external returns (bool) {
        require(msg.sender == owner, "LocalTestToken: only the owner may mint");
        require(to != address(0), "LocalTestToken: mint to the zero address");
        totalSupply += amount;
        unchecked {
            // cannot overflow: no balance exceeds totalSupply, which did not overflow
            balanceOf[to] += amount;
        }
        emit Transfer(address(0), to, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        require(spender != address(0), "LocalTestToken: approve to the zero address");
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    /// @dev An allowance of 2**256-1 is treated as unlimited and never decreases.
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= amount, "LocalTestToken: insufficient allowance");
            unchecked {
                allowance[from][msg.sender] = allowed - amount;
            }
        }
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) private {
        require(to != address(0), "LocalTestToken: transfer to the zero address");
        uint256 held = balanceOf[from];
        require(held >= amount, "LocalTestToken: transfer amount exceeds balance");
        unchecked {
            balanceOf[from] = held - amount;
            balanceOf[to] += amount;
        }
        emit Transfer(from, to, amount);
    }
}
