package org.ckbvm.chain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A proof against a {@link SparseMerkleMap} root that {@code key} maps to a value hash, or that
 * it is absent. {@code siblings} are the hashes beside the key's path from the root down, one per
 * level; {@code terminal} is what the path ends in: an empty subtree, or the one entry there (the
 * key's own entry, or another key sharing the path, which proves the key absent).
 */
public record MerkleProof(byte[] key, List<byte[]> siblings, Terminal terminal) {

    /** What a proof's path ends in. */
    public sealed interface Terminal {
        record Empty() implements Terminal {}

        record Leaf(byte[] key, byte[] valueHash) implements Terminal {
            public Leaf {
                key = key.clone();
                valueHash = valueHash.clone();
            }
        }
    }

    public MerkleProof {
        key = key.clone();
        siblings = siblings.stream().map(byte[]::clone).toList();
        if (key.length != SparseMerkleMap.KEY_BYTES || siblings.size() > 256) {
            throw new IllegalArgumentException("a proof has a 32-byte key and at most 256 siblings");
        }
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The value hash this proof shows for its key, or empty when it shows the key absent. */
    public Optional<byte[]> valueHash() {
        return terminal instanceof Terminal.Leaf leaf && Arrays.equals(leaf.key(), key)
                ? Optional.of(leaf.valueHash()) : Optional.empty();
    }

    /** Whether the proof is well formed and leads to {@code root}. */
    public boolean verifies(byte[] root) {
        byte[] computed = rootFromProof();
        return computed != null && Arrays.equals(computed, root);
    }

    /** The root this proof leads to, or null when it is malformed. */
    byte[] rootFromProof() {
        int depth = siblings.size();
        byte[] h;
        if (terminal instanceof Terminal.Leaf leaf) {
            byte[] other = leaf.key();
            if (other.length != SparseMerkleMap.KEY_BYTES || leaf.valueHash().length != 32) {
                return null;
            }
            for (int d = 0; d < depth; d++) {
                if (SparseMerkleMap.bit(other, d) != SparseMerkleMap.bit(key, d)) {
                    return null;   // the entry is not on the key's path
                }
            }
            h = SparseMerkleMap.leafHash(other, leaf.valueHash());
        } else {
            h = SparseMerkleMap.EMPTY;
        }
        for (int d = depth - 1; d >= 0; d--) {
            byte[] sibling = siblings.get(d);
            if (sibling.length != 32) {
                return null;
            }
            h = SparseMerkleMap.bit(key, d) == 0 ? SparseMerkleMap.nodeHash(h, sibling)
                    : SparseMerkleMap.nodeHash(sibling, h);
        }
        return h;
    }
}
