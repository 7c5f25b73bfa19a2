package org.ckbvm.plugin.api;

/**
 * Names a data blob (a contract's code or data) by its content: the 32-byte Blake2b-256 hash with
 * CKB's personalization {@code ckb-default-hash}. A resumed machine can therefore prove it got the
 * very bytes it was suspended with.
 *
 * <p>Immutable and thread-safe; equal only to another {@code SourceId} with the same bytes, and
 * ordered as unsigned bytes (so sorted collections are deterministic).
 */
public final class SourceId extends FixedBytes<SourceId> {
    /** The length of a source id in bytes: 32. */
    public static final int LENGTH = 32;

    private SourceId(byte[] hash) {
        super(hash, LENGTH, "a source id");
    }

    /**
     * Wraps a 32-byte Blake2b-256 hash; this does not hash anything, the caller computes it.
     *
     * @param hash exactly {@link #LENGTH} bytes; copied
     * @return the source id
     * @throws IllegalArgumentException if {@code hash} is null or not 32 bytes long
     */
    public static SourceId of(byte[] hash) {
        return new SourceId(hash);
    }

    /**
     * Parses 64 hex digits, with or without a {@code 0x} (or {@code 0X}) prefix; either case.
     *
     * @param hex the hex text, not null
     * @return the source id
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits after the optional prefix
     */
    public static SourceId fromHex(String hex) {
        return new SourceId(parseHex(hex, LENGTH, "a source id"));
    }
}
