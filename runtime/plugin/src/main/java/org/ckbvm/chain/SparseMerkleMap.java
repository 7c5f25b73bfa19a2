package org.ckbvm.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.hash.CkbHash;

/**
 * A sparse Merkle map over 256-bit keys with single-leaf compaction (the shape of Diem's and
 * Aptos' Jellyfish Merkle tree), hashed with CKB's Blake2b-256. Specified byte for byte in
 * {@code testvectors/STATE_ROOT.md} ("The commitment"):
 * <pre>
 *   empty subtree            = 32 zero bytes
 *   subtree with one entry   = H(0x00 || key || valueHash)      whatever its depth
 *   subtree with two or more = H(0x01 || left || right)         left: next key bit 0
 * </pre>
 * Key bits are read most significant first, so the canonical order of the entries is the
 * unsigned byte order of their keys. A map has one root whatever the order of insertion, and a
 * proof shows either an entry or the absence of a key.
 */
public final class SparseMerkleMap {
    public static final int KEY_BYTES = 32;
    static final byte[] EMPTY = new byte[CkbHash.LENGTH];
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private final byte[][] keys;
    private final byte[][] values;

    private SparseMerkleMap(byte[][] keys, byte[][] values) {
        this.keys = keys;
        this.values = values;
    }

    /** The map of {@code entries} (32-byte key → value hash), given in unsigned key order. */
    public static SparseMerkleMap of(SortedMap<byte[], byte[]> entries) {
        byte[][] keys = new byte[entries.size()][];
        byte[][] values = new byte[entries.size()][];
        int i = 0;
        for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
            keys[i] = e.getKey();
            values[i] = e.getValue();
            if (keys[i].length != KEY_BYTES || values[i].length != CkbHash.LENGTH) {
                throw new IllegalArgumentException("keys and value hashes are 32 bytes");
            }
            if (i > 0 && Arrays.compareUnsigned(keys[i - 1], keys[i]) >= 0) {
                throw new IllegalArgumentException("entries must be in strictly increasing unsigned key order");
            }
            i++;
        }
        return new SparseMerkleMap(keys, values);
    }

    /** An empty sorted map in the canonical key order, to fill and pass to {@link #of}. */
    public static java.util.TreeMap<byte[], byte[]> sortedEntries() {
        return new java.util.TreeMap<>(Arrays::compareUnsigned);
    }

    public int size() {
        return keys.length;
    }

    public byte[] root() {
        return subtree(0, keys.length, 0);
    }

    /** A proof of {@code key}'s entry, or of its absence. */
    public MerkleProof prove(byte[] key) {
        List<byte[]> siblings = new ArrayList<>();
        int lo = 0;
        int hi = keys.length;
        int depth = 0;
        while (hi - lo > 1) {
            int split = split(lo, hi, depth);
            if (bit(key, depth) == 0) {
                siblings.add(subtree(split, hi, depth + 1));
                hi = split;
            } else {
                siblings.add(subtree(lo, split, depth + 1));
                lo = split;
            }
            depth++;
        }
        MerkleProof.Terminal terminal = hi == lo ? new MerkleProof.Terminal.Empty()
                : new MerkleProof.Terminal.Leaf(keys[lo].clone(), values[lo].clone());
        return new MerkleProof(key.clone(), siblings, terminal);
    }

    private byte[] subtree(int lo, int hi, int depth) {
        if (hi == lo) {
            return EMPTY;
        }
        if (hi - lo == 1) {
            return leafHash(keys[lo], values[lo]);
        }
        int split = split(lo, hi, depth);
        return nodeHash(subtree(lo, split, depth + 1), subtree(split, hi, depth + 1));
    }

    /** The first index in [lo, hi) whose key has bit {@code depth} set (keys are sorted). */
    private int split(int lo, int hi, int depth) {
        int a = lo;
        int b = hi;
        while (a < b) {
            int mid = (a + b) >>> 1;
            if (bit(keys[mid], depth) == 0) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return a;
    }

    static int bit(byte[] key, int depth) {
        return (key[depth >>> 3] >>> (7 - (depth & 7))) & 1;
    }

    static byte[] leafHash(byte[] key, byte[] valueHash) {
        Blake2bDigest d = CkbHash.newDigest();
        d.update(LEAF);
        d.update(key, 0, key.length);
        d.update(valueHash, 0, valueHash.length);
        return CkbHash.finish(d);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        Blake2bDigest d = CkbHash.newDigest();
        d.update(NODE);
        d.update(left, 0, left.length);
        d.update(right, 0, right.length);
        return CkbHash.finish(d);
    }
}
