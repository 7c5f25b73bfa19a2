package org.ckbvm.plugin.api;

/**
 * Names a data blob (a contract's code or data) by its content: the 32-byte Blake2b-256 hash with
 * CKB's personalization {@code ckb-default-hash}. A resumed machine can therefore prove it got the
 * very bytes it was suspended with.
 */
public final class SourceId extends FixedBytes<SourceId> {
    public static final int LENGTH = 32;

    private SourceId(byte[] hash) {
        super(hash, LENGTH, "a source id");
    }

    /** Wraps a 32-byte hash (copied). */
    public static SourceId of(byte[] hash) {
        return new SourceId(hash);
    }

    /** Parses 64 hex digits, with or without a {@code 0x} prefix. */
    public static SourceId fromHex(String hex) {
        return new SourceId(parseHex(hex, LENGTH, "a source id"));
    }
}
