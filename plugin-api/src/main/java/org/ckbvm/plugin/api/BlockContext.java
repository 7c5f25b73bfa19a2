package org.ckbvm.plugin.api;

import java.util.Objects;

/**
 * The block a host is executing: its number, its parent's hash and its own hash. Blocks are
 * numbered from 1; block 1's parent is {@link BlockHash#GENESIS} (the state before any block,
 * number 0).
 *
 * @param number the block's height, at least 1
 * @param parent the hash of block {@code number - 1}; {@link BlockHash#GENESIS} for block 1
 * @param hash   the block's own hash, as the host's chain defines it; never {@link BlockHash#GENESIS}
 */
public record BlockContext(long number, BlockHash parent, BlockHash hash) {
    /**
     * Checks the block's identity.
     *
     * @param number the block's height, at least 1
     * @param parent the previous block's hash, not null
     * @param hash   this block's hash, not null
     * @throws NullPointerException     if {@code parent} or {@code hash} is null
     * @throws IllegalArgumentException if {@code number} is below 1 or {@code hash} is
     *                                  {@link BlockHash#GENESIS}
     */
    public BlockContext {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(hash, "hash");
        if (number < 1) {
            throw new IllegalArgumentException("block numbers start at 1, got " + number);
        }
        if (hash.equals(BlockHash.GENESIS)) {
            throw new IllegalArgumentException("a block cannot have the genesis hash (32 zero bytes)");
        }
    }
}
