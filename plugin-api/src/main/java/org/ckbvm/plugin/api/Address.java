package org.ckbvm.plugin.api;

/** A 20-byte account address (the last 20 bytes of Keccak-256 of a secp256k1 public key). */
public final class Address extends FixedBytes<Address> {
    public static final int LENGTH = 20;

    private Address(byte[] bytes) {
        super(bytes, LENGTH, "an address");
    }

    public static Address of(byte[] bytes) {
        return new Address(bytes);
    }

    /** Parses 40 hex digits, with or without {@code 0x}. */
    public static Address fromHex(String hex) {
        return new Address(parseHex(hex, LENGTH, "an address"));
    }
}
