package org.ckbvm.plugin.api;

/**
 * A 32-byte transaction hash (Keccak-256 of the signed transaction). A suspended execution is
 * keyed by the hash of the transaction that started it.
 */
public final class TxHash extends FixedBytes<TxHash> {
    public static final int LENGTH = 32;

    private TxHash(byte[] bytes) {
        super(bytes, LENGTH, "a transaction hash");
    }

    public static TxHash of(byte[] bytes) {
        return new TxHash(bytes);
    }

    /** Parses 64 hex digits, with or without {@code 0x}. */
    public static TxHash fromHex(String hex) {
        return new TxHash(parseHex(hex, LENGTH, "a transaction hash"));
    }
}
