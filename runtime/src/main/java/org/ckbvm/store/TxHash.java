package org.ckbvm.store;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 32-byte hash of the transaction whose execution is suspended: the key of a stored
 * execution. Ordered by unsigned bytes, the order the store lists entries in.
 */
public final class TxHash implements Comparable<TxHash> {
    public static final int LENGTH = 32;

    private final byte[] hash;

    private TxHash(byte[] hash) {
        this.hash = hash;
    }

    /** Wraps 32 bytes (copied). */
    public static TxHash of(byte[] hash) {
        if (hash == null || hash.length != LENGTH) {
            throw new IllegalArgumentException("a transaction hash is 32 bytes, got "
                    + (hash == null ? "null" : hash.length));
        }
        return new TxHash(hash.clone());
    }

    /** Parses exactly 64 hex digits, with or without a {@code 0x} prefix. */
    public static TxHash fromHex(String hex) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a transaction hash is 64 hex digits, got '" + hex + "'");
        }
        try {
            return new TxHash(HexFormat.of().parseHex(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a transaction hash is 64 hex digits, got '" + hex + "'");
        }
    }

    public byte[] bytes() {
        return hash.clone();
    }

    byte[] view() {
        return hash;
    }

    /** 64 lowercase hex digits, no prefix. */
    public String toHex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public int compareTo(TxHash other) {
        return Arrays.compareUnsigned(hash, other.hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxHash other && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "0x" + toHex();
    }
}
