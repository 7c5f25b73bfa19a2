package org.ckbvm.store;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.ckbvm.plugin.api.BlockHash;

/**
 * A committed block as the chain store keeps it: number, hash, parent, commitment root, receipts
 * hash and the canonical receipts. Value encoding (key: u64 number, big-endian):
 * {@code u8 version = 1, 32 hash, 32 parent, 32 root, 32 receipts hash, u32 n, n bytes receipts}.
 */
public record BlockEntry(long number, BlockHash hash, BlockHash parent, byte[] commitmentRoot, byte[] receiptsHash,
                         byte[] receipts) {
    private static final int VERSION = 1;

    public BlockEntry {
        commitmentRoot = commitmentRoot.clone();
        receiptsHash = receiptsHash.clone();
        receipts = receipts.clone();
    }

    @Override
    public byte[] commitmentRoot() {
        return commitmentRoot.clone();
    }

    @Override
    public byte[] receiptsHash() {
        return receiptsHash.clone();
    }

    @Override
    public byte[] receipts() {
        return receipts.clone();
    }

    byte[] encode() {
        return ByteBuffer.allocate(1 + 4 * 32 + 4 + receipts.length).put((byte) VERSION).put(hash.bytes())
                .put(parent.bytes()).put(commitmentRoot).put(receiptsHash).putInt(receipts.length).put(receipts).array();
    }

    static BlockEntry decode(long number, byte[] value) throws StoreException {
        ByteBuffer in = ByteBuffer.wrap(value);
        if (value.length < 1 + 4 * 32 + 4 || in.get() != VERSION) {
            throw corrupt(number, "truncated or unknown version");
        }
        byte[][] h = new byte[4][32];
        for (byte[] b : h) {
            in.get(b);
        }
        int n = in.getInt();
        if (n != in.remaining()) {
            throw corrupt(number, "receipts length " + n + " but " + in.remaining() + " bytes follow");
        }
        byte[] receipts = new byte[n];
        in.get(receipts);
        return new BlockEntry(number, BlockHash.of(h[0]), BlockHash.of(h[1]), h[2], h[3], receipts);
    }

    private static StoreException corrupt(long number, String detail) {
        return new StoreException(new StoreError.CorruptChainState("blocks", Long.toHexString(number), detail));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockEntry b && b.number == number && Arrays.equals(b.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number) * 31 + Arrays.hashCode(encode());
    }
}
