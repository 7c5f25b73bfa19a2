package org.ckbvm.plugin.api;

/**
 * A 32-byte transaction hash (Keccak-256 of the signed transaction). A suspended execution is
 * keyed by the hash of the transaction that started it.
 *
 * <p>Immutable and thread-safe; equal only to another {@code TxHash} with the same bytes, and
 * ordered as unsigned bytes (so sorted collections are deterministic).
 */
public final class TxHash extends FixedBytes<TxHash> {
    /** The length of a transaction hash in bytes: 32. */
    public static final int LENGTH = 32;

    private TxHash(byte[] bytes) {
        super(bytes, LENGTH, "a transaction hash");
    }

    /**
     * Wraps 32 bytes.
     *
     * @param bytes exactly {@link #LENGTH} bytes; copied, so later changes to the array do not
     *              affect the transaction hash
     * @return the transaction hash
     * @throws IllegalArgumentException if {@code bytes} is null or not 32 bytes long
     */
    public static TxHash of(byte[] bytes) {
        return new TxHash(bytes);
    }

    /**
     * Parses 64 hex digits, with or without a {@code 0x} (or {@code 0X}) prefix; either case.
     *
     * @param hex the hex text, not null
     * @return the transaction hash
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits after the optional prefix
     */
    public static TxHash fromHex(String hex) {
        return new TxHash(parseHex(hex, LENGTH, "a transaction hash"));
    }
}
