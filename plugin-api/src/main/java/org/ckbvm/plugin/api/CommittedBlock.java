package org.ckbvm.plugin.api;

import java.util.List;

/**
 * A block as committed: its receipts in block order, the hash of their canonical encoding, and the
 * commitment root over every suspended execution and every sender's account after the block.
 * Every node that executes the same blocks on the same chain specification gets byte-identical
 * values (the encodings are specified in the project's {@code testvectors/STATE_ROOT.md}).
 */
public record CommittedBlock(BlockContext block, List<Receipt> receipts, byte[] receiptsHash, byte[] commitmentRoot) {
    public CommittedBlock {
        receipts = List.copyOf(receipts);
        receiptsHash = receiptsHash.clone();
        commitmentRoot = commitmentRoot.clone();
    }

    @Override
    public byte[] receiptsHash() {
        return receiptsHash.clone();
    }

    @Override
    public byte[] commitmentRoot() {
        return commitmentRoot.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommittedBlock c && c.block.equals(block) && c.receipts.equals(receipts)
                && java.util.Arrays.equals(c.receiptsHash, receiptsHash)
                && java.util.Arrays.equals(c.commitmentRoot, commitmentRoot);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(block, java.util.Arrays.hashCode(commitmentRoot));
    }

    @Override
    public String toString() {
        java.util.HexFormat hex = java.util.HexFormat.of();
        return "CommittedBlock[block=" + block + ", receipts=" + receipts.size() + ", receiptsHash=0x"
                + hex.formatHex(receiptsHash) + ", root=0x" + hex.formatHex(commitmentRoot) + "]";
    }
}
