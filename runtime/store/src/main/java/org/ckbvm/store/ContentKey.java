package org.ckbvm.store;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte content address: the CKB hash of a page's 4096 bytes, or a source id (the CKB hash of
 * a blob). Ordered by unsigned bytes so that sets of keys, and therefore write batches and lock
 * orders built from them, are deterministic.
 */
record ContentKey(byte[] hash) implements Comparable<ContentKey> {
    static final int LENGTH = 32;

    ContentKey {
        if (hash.length != LENGTH) {
            throw new IllegalArgumentException("a content key is 32 bytes, got " + hash.length);
        }
    }

    @Override
    public int compareTo(ContentKey other) {
        return Arrays.compareUnsigned(hash, other.hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentKey k && Arrays.equals(hash, k.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    String hex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public String toString() {
        return "0x" + hex();
    }
}
