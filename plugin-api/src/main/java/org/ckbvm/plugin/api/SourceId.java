package org.ckbvm.plugin.api;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Names a data blob (a contract's code or data) by its content: the 32-byte Blake2b-256 hash with
 * CKB's personalization {@code ckb-default-hash}. A resumed machine can therefore prove it got the
 * very bytes it was suspended with. Ordered by unsigned bytes, so sorted collections of ids are
 * deterministic.
 */
public final class SourceId implements Comparable<SourceId> {
    public static final int LENGTH = 32;

    private final byte[] hash;

    private SourceId(byte[] hash) {
        this.hash = hash;
    }

    /** Wraps a 32-byte hash (copied). */
    public static SourceId of(byte[] hash) {
        if (hash == null || hash.length != LENGTH) {
            throw new IllegalArgumentException("a source id is 32 bytes, got "
                    + (hash == null ? "null" : hash.length));
        }
        return new SourceId(hash.clone());
    }

    /** Parses 64 hex digits, with or without a {@code 0x} prefix. */
    public static SourceId fromHex(String hex) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a source id is 64 hex digits, got '" + hex + "'");
        }
        return new SourceId(HexFormat.of().parseHex(digits));
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return hash.clone();
    }

    /** 64 lowercase hex digits, no prefix. */
    public String toHex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public int compareTo(SourceId other) {
        return Arrays.compareUnsigned(hash, other.hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceId other && Arrays.equals(hash, other.hash);
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
