package org.ckbvm.plugin.api;

import java.util.Objects;

/**
 * The block a host is executing: its number, its parent's hash and its own hash. Blocks are
 * numbered from 1; block 1's parent is {@link BlockHash#GENESIS} (the state before any block,
 * number 0).
 */
public record BlockContext(long number, BlockHash parent, BlockHash hash) {
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
