package org.ckbvm.plugin.api;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte transaction hash (Keccak-256 of the signed transaction). A suspended execution is
 * keyed by the hash of the transaction that started it.
 */
public final class TxHash implements Comparable<TxHash> {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private TxHash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static TxHash of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a transaction hash is 32 bytes");
        }
        return new TxHash(bytes.clone());
    }

    /** Parses 64 hex digits, with or without {@code 0x}. */
    public static TxHash fromHex(String hex) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a transaction hash is 64 hex digits, got '" + hex + "'");
        }
        return new TxHash(HexFormat.of().parseHex(digits));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(TxHash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxHash t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "0x" + toHex();
    }
}
