package org.ckbvm.hash;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.plugin.api.SourceId;

/**
 * CKB's hash: Blake2b-256 with the 16-byte personalization {@code ckb-default-hash}. Digests are
 * kept per thread and reset between uses ({@code reset()} keeps the personalization). The hashes
 * of this class and {@link #newHasher} are this package's {@link Blake2b}; {@link #newDigest}
 * gives Bouncy Castle's digest, with the same results, for code that works with its interface.
 */
public final class CkbHash {
    public static final int LENGTH = 32;
    private static final byte[] PERSONALIZATION = "ckb-default-hash".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<Blake2b> HASHER = ThreadLocal.withInitial(CkbHash::newHasher);

    private CkbHash() {}

    /** A fresh digest for incremental hashing (update, then {@link #finish}). */
    public static Blake2bDigest newDigest() {
        return new Blake2bDigest(null, LENGTH, null, PERSONALIZATION);
    }

    /** A fresh hasher for incremental hashing (update, then {@link #finish(Blake2b)}). */
    public static Blake2b newHasher() {
        return new Blake2b(LENGTH, PERSONALIZATION);
    }

    public static byte[] finish(Blake2b hasher) {
        byte[] out = new byte[LENGTH];
        hasher.doFinal(out, 0);
        return out;
    }

    public static byte[] finish(Blake2bDigest digest) {
        byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    public static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public static byte[] hash(byte[] data, int offset, int length) {
        Blake2b hasher = HASHER.get();
        hasher.reset();
        hasher.update(data, offset, length);
        return finish(hasher);
    }

    /** The source id of a blob: the hash of its content. */
    public static SourceId sourceId(byte[] blob) {
        return SourceId.of(hash(blob));
    }
}
