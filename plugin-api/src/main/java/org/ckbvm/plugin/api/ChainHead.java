package org.ckbvm.plugin.api;

/**
 * The last committed block: what the plugin's state is the result of. Number 0 with
 * {@link BlockHash#GENESIS} is the empty state before any block.
 *
 * @param commitmentRoot the commitment root after that block (see {@link CommittedBlock})
 */
public record ChainHead(long number, BlockHash hash, byte[] commitmentRoot) {
    public ChainHead {
        commitmentRoot = commitmentRoot.clone();
    }

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
