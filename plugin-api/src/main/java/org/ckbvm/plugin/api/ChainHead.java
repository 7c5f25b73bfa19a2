package org.ckbvm.plugin.api;

/**
 * The last committed block: what the plugin's state is the result of. Number 0 with
 * {@link BlockHash#GENESIS} is the empty state before any block.
 *
 * @param number         the block's height; 0 for the empty state
 * @param hash           the block's hash; {@link BlockHash#GENESIS} for the empty state
 * @param commitmentRoot the commitment root after that block (see {@link CommittedBlock});
 *                       copied in, and the accessor returns a copy
 */
public record ChainHead(long number, BlockHash hash, byte[] commitmentRoot) {
    /**
     * Copies {@code commitmentRoot}; the plugin builds heads, a host only reads them.
     *
     * @param number         the block's height
     * @param hash           the block's hash
     * @param commitmentRoot the commitment root after the block; copied
     * @throws NullPointerException if {@code commitmentRoot} is null
     */
    public ChainHead {
        commitmentRoot = commitmentRoot.clone();
    }

    /**
     * The commitment root after this block.
     *
     * @return a fresh copy on each call
     */
    @Override
    public byte[] commitmentRoot() {
        return commitmentRoot.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainHead h && h.number == number && h.hash.equals(hash)
                && java.util.Arrays.equals(h.commitmentRoot, commitmentRoot);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(number, hash, java.util.Arrays.hashCode(commitmentRoot));
    }

    @Override
    public String toString() {
        return "ChainHead[number=" + number + ", hash=" + hash + ", root=0x"
                + java.util.HexFormat.of().formatHex(commitmentRoot) + "]";
    }
}
