package org.ckbvm.chain;

import java.util.Arrays;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.Address;

/**
 * A sender's entry in the commitment: the next nonce it must use, and how many suspended
 * executions it owns (bounded by the chain's {@code maxSuspendedPerSender}).
 * Encoding: {@code u8 version = 1, u64 next nonce, u32 suspended}; its commitment key is
 * H(address), its leaf value H(encoding).
 */
public record Account(long nextNonce, int suspended) {
    private static final int VERSION = 1;
    public static final Account NEW = new Account(0, 0);

    public Account {
        if (suspended < 0) {
            throw new IllegalArgumentException("negative suspended count");
        }
    }

    public Account withNextNonce() {
        return new Account(nextNonce + 1, suspended);
    }

    public Account withSuspended(int delta) {
        return new Account(nextNonce, suspended + delta);
    }

    public byte[] encode() {
        return new CanonicalWriter().u8(VERSION).u64(nextNonce).u32(suspended).toByteArray();
    }

    public byte[] hash() {
        return CkbHash.hash(encode());
    }

    /** The commitment key of {@code address}. */
    public static byte[] key(Address address) {
        return CkbHash.hash(address.bytes());
    }

    public static Account decode(byte[] bytes) throws CanonicalReader.MalformedException {
        CanonicalReader r = new CanonicalReader(bytes, "account");
        if (r.u8() != VERSION) {
            throw new CanonicalReader.MalformedException("account: unknown version");
        }
        long nonce = r.u64();
        int suspended = r.u32();
        r.end();
        Account a = new Account(nonce, suspended);
        if (!Arrays.equals(a.encode(), bytes)) {
            throw new CanonicalReader.MalformedException("account: not in canonical form");
        }
        return a;
    }
}
