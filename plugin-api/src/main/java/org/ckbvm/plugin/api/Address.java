package org.ckbvm.plugin.api;

/**
 * A 20-byte account address (the last 20 bytes of Keccak-256 of a secp256k1 public key).
 *
 * <p>Immutable and thread-safe; equal only to another {@code Address} with the same bytes, and
 * ordered as unsigned bytes (so sorted collections are deterministic).
 */
public final class Address extends FixedBytes<Address> {
    /** The length of an address in bytes: 20. */
    public static final int LENGTH = 20;

    private Address(byte[] bytes) {
        super(bytes, LENGTH, "an address");
    }

    /**
     * Wraps 20 bytes.
     *
     * @param bytes exactly {@link #LENGTH} bytes; copied, so later changes to the array do not
     *              affect the address
     * @return the address
     * @throws IllegalArgumentException if {@code bytes} is null or not 20 bytes long
     */
    public static Address of(byte[] bytes) {
        return new Address(bytes);
    }

    /**
     * Parses 40 hex digits, with or without a {@code 0x} (or {@code 0X}) prefix; either case.
     *
     * @param hex the hex text, not null
     * @return the address
     * @throws IllegalArgumentException if {@code hex} is not 40 hex digits after the optional prefix
     */
    public static Address fromHex(String hex) {
        return new Address(parseHex(hex, LENGTH, "an address"));
    }
}
