package org.ckbvm.snapshot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.memory.Memory;

/**
 * A second, deliberately naive implementation of STATE_ROOT.md written from the document alone:
 * Bouncy Castle directly, ByteBuffer encodings, recursion over the whole tree. It shares no code
 * with {@link StateRoot} or {@link StateRootTree}, so agreeing with it checks the definition, not
 * just self-consistency.
 */
final class ReferenceStateRoot {
    private ReferenceStateRoot() {}

    static byte[] h(byte[]... parts) {
        Blake2bDigest d = new Blake2bDigest(null, 32, null, "ckb-default-hash".getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            d.update(part, 0, part.length);
        }
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    static byte[] leaf(long index, int flags, byte[] content) {
        boolean zero = true;
        for (byte b : content) {
            zero &= b == 0;
        }
        if (zero && (flags & 3) == 0) {
            return new byte[32];
        }
        byte[] head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 1).putLong(index).put((byte) (flags & 3)).array();
        return h(head, h(content));
    }

    static byte[][] leaves(Memory memory) {
        int n = memory.pageCount();
        int d = 1;
        while ((1L << d) < n) {
            d++;
        }
        byte[][] leaves = new byte[1 << d][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = i < n ? leaf(i, memory.flag(i), memory.page(i)) : new byte[32];
        }
        return leaves;
    }

    static byte[] pagesRoot(Memory memory) {
        byte[][] leaves = leaves(memory);
        return subtree(leaves, 0, leaves.length);
    }

    private static byte[] subtree(byte[][] leaves, int from, int count) {
        if (count == 1) {
            return leaves[from];
        }
        int half = count / 2;
        return h(new byte[] {2}, subtree(leaves, from, half), subtree(leaves, from + half, half));
    }

    static byte[] headerLeaf(int version, int isa, long memorySize, long[] regs, long pc, long cycles, long lr) {
        ByteBuffer b = ByteBuffer.allocate(297).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).putInt(version).putInt(isa).putLong(memorySize);
        for (long r : regs) {
            b.putLong(r);
        }
        b.putLong(pc).putLong(cycles).putLong(lr);
        return h(b.array());
    }

    static byte[] stateRoot(byte[] headerLeaf, byte[] pagesRoot) {
        return h(new byte[] {3}, headerLeaf, pagesRoot);
    }
}
