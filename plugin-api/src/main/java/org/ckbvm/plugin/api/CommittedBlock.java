package org.ckbvm.plugin.api;

import java.util.List;

/**
 * A block as committed: its receipts in block order, the hash of their canonical encoding, and the
 * commitment root over every suspended execution and every sender's account after the block.
 * Every node that executes the same blocks on the same chain specification gets byte-identical
 * values (the encodings are specified in the project's {@code testvectors/STATE_ROOT.md}).
 *
 * @param block          the block that was committed
 * @param receipts       one receipt per transaction, in block order; unmodifiable
 * @param receiptsHash   the hash of the receipts' canonical encoding; the accessor returns a copy
 * @param commitmentRoot the commitment root after the block; the accessor returns a copy
 */
public record CommittedBlock(BlockContext block, List<Receipt> receipts, byte[] receiptsHash, byte[] commitmentRoot) {
    /**
     * Copies the receipts list and both arrays; the plugin builds these, a host only reads them.
     *
     * @param block          the committed block
     * @param receipts       its receipts in block order; copied
     * @param receiptsHash   the receipts hash; copied
     * @param commitmentRoot the commitment root after the block; copied
     * @throws NullPointerException if {@code receipts} (or one of its elements), {@code receiptsHash}
     *                              or {@code commitmentRoot} is null
     */
    public CommittedBlock {
        receipts = List.copyOf(receipts);
        receiptsHash = receiptsHash.clone();
        commitmentRoot = commitmentRoot.clone();
    }

    /**
     * The hash of the receipts' canonical encoding.
     *
     * @return a fresh copy on each call
     */
    @Override
    public byte[] receiptsHash() {
        return receiptsHash.clone();
    }

    /**
     * The commitment root after the block; the same as the next {@link ChainHead#commitmentRoot()}.
     *
     * @return a fresh copy on each call
     */
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
