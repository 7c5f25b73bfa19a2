package org.ckbvm.chain;

import java.util.Optional;

/**
 * A proof against a block's commitment root: a {@link MerkleProof} in one of the two maps plus
 * the other map's root. An auditor checks "execution X is suspended with record hash R in the
 * commitment of block B" (then compares R with H(record) and the record's state root with the
 * snapshot's), or that X is absent, with {@link #verifies} alone.
 */
public record CommitmentProof(Map map, MerkleProof proof, byte[] otherRoot) {

    /** Which map the proof is in. */
    public enum Map { EXECUTIONS, ACCOUNTS }

    public CommitmentProof {
        otherRoot = otherRoot.clone();
    }

    @Override
    public byte[] otherRoot() {
        return otherRoot.clone();
    }

    /** The leaf value shown for the key, or empty when the proof shows the key absent. */
    public Optional<byte[]> valueHash() {
        return proof.valueHash();
    }

    public boolean verifies(byte[] commitmentRoot) {
        byte[] mapRoot = proof.rootFromProof();
        if (mapRoot == null) {
            return false;
        }
        byte[] root = map == Map.EXECUTIONS ? Commitment.join(mapRoot, otherRoot) : Commitment.join(otherRoot, mapRoot);
        return java.util.Arrays.equals(root, commitmentRoot);
    }
}
