package org.ckbvm.plugin.api;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A value that is exactly N bytes (hashes, ids, addresses): immutable, compared as unsigned bytes
 * so sorted collections are deterministic, equal only to the same kind with the same bytes.
 */
abstract class FixedBytes<T extends FixedBytes<T>> implements Comparable<T> {
    private final byte[] bytes;

    FixedBytes(byte[] bytes, int length, String what) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(what + " is " + length + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        this.bytes = bytes.clone();
    }

    /** Parses {@code 2 * length} hex digits, with or without a {@code 0x} prefix. */
    static byte[] parseHex(String hex, int length, String what) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 2 * length) {
            throw new IllegalArgumentException(what + " is " + 2 * length + " hex digits, got '" + hex + "'");
        }
        return HexFormat.of().parseHex(digits);
    }

    /**
     * The value's bytes.
     *
     * @return a fresh copy on each call, exactly the type's length
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The value in hex, as the {@code fromHex} factories accept it.
     *
     * @return lowercase hex digits, two per byte, without a {@code 0x} prefix
     */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(T other) {
        return Arrays.compareUnsigned(bytes, ((FixedBytes<?>) other).bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((FixedBytes<?>) o).bytes);
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
