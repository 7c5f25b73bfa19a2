package org.ckbvm.plugin.api;

/** A 32-byte block hash, chosen by the host's chain; the plugin only compares and records it. */
public final class BlockHash extends FixedBytes<BlockHash> {
    public static final int LENGTH = 32;

    /** The parent of the first block: 32 zero bytes. */
    public static final BlockHash GENESIS = new BlockHash(new byte[LENGTH]);

    private BlockHash(byte[] bytes) {
        super(bytes, LENGTH, "a block hash");
    }

    public static BlockHash of(byte[] bytes) {
        return new BlockHash(bytes);
    }

    /** Parses 64 hex digits, with or without {@code 0x}. */
    public static BlockHash fromHex(String hex) {
        return new BlockHash(parseHex(hex, LENGTH, "a block hash"));
    }
}
