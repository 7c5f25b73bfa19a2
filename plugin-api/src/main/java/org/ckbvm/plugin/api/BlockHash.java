package org.ckbvm.plugin.api;

/**
 * A 32-byte block hash, chosen by the host's chain; the plugin only compares and records it.
 *
 * <p>Immutable and thread-safe; equal only to another {@code BlockHash} with the same bytes, and
 * ordered as unsigned bytes (so sorted collections are deterministic).
 */
public final class BlockHash extends FixedBytes<BlockHash> {
    /** The length of a block hash in bytes: 32. */
    public static final int LENGTH = 32;

    /** The parent of the first block: 32 zero bytes. */
    public static final BlockHash GENESIS = new BlockHash(new byte[LENGTH]);

    private BlockHash(byte[] bytes) {
        super(bytes, LENGTH, "a block hash");
    }

    /**
     * Wraps 32 bytes.
     *
     * @param bytes exactly {@link #LENGTH} bytes; copied, so later changes to the array do not
     *              affect the block hash
     * @return the block hash
     * @throws IllegalArgumentException if {@code bytes} is null or not 32 bytes long
     */
    public static BlockHash of(byte[] bytes) {
        return new BlockHash(bytes);
    }

    /**
     * Parses 64 hex digits, with or without a {@code 0x} (or {@code 0X}) prefix; either case.
     *
     * @param hex the hex text, not null
     * @return the block hash
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits after the optional prefix
     */
    public static BlockHash fromHex(String hex) {
        return new BlockHash(parseHex(hex, LENGTH, "a block hash"));
    }
}
