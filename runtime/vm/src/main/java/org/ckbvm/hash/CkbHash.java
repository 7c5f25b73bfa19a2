package org.ckbvm.hash;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.plugin.api.SourceId;

/**
 * CKB's hash: Blake2b-256 with the 16-byte personalization {@code ckb-default-hash}. Digests are
 * kept per thread and reset between uses ({@code reset()} keeps the personalization).
 */
public final class CkbHash {
    public static final int LENGTH = 32;
    private static final byte[] PERSONALIZATION = "ckb-default-hash".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<Blake2bDigest> DIGEST = ThreadLocal.withInitial(CkbHash::newDigest);

    private CkbHash() {}

    /** A fresh digest for incremental hashing (update, then {@link #finish}). */
    public static Blake2bDigest newDigest() {
        return new Blake2bDigest(null, LENGTH, null, PERSONALIZATION);
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
        Blake2bDigest digest = DIGEST.get();
        digest.reset();
        digest.update(data, offset, length);
        return finish(digest);
    }

    /** The source id of a blob: the hash of its content. */
    public static SourceId sourceId(byte[] blob) {
        return SourceId.of(hash(blob));
    }
}
