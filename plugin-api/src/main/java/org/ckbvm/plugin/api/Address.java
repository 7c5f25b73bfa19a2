package org.ckbvm.plugin.api;

import java.util.Arrays;
import java.util.HexFormat;

/** A 20-byte account address (the last 20 bytes of Keccak-256 of a secp256k1 public key). */
public final class Address implements Comparable<Address> {
    public static final int LENGTH = 20;
    private final byte[] bytes;

    private Address(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Address of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an address is 20 bytes");
        }
        return new Address(bytes.clone());
    }

    public static Address fromHex(String hex) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("an address is 40 hex digits, got '" + hex + "'");
        }
        return new Address(HexFormat.of().parseHex(digits));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(Address o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && Arrays.equals(bytes, a.bytes);
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
