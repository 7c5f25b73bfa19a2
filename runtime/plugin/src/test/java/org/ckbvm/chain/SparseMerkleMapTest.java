package org.ckbvm.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.hash.CkbHash;
import org.junit.jupiter.api.Test;

/**
 * The commitment's sparse Merkle map against an independent reference (the definition written
 * as plainly as possible: recursion over explicit key sets), its proofs of presence and absence,
 * and tampered proofs.
 */
class SparseMerkleMapTest {

    private static byte[] h(int tag, byte[] a, byte[] b) {
        Blake2bDigest d = CkbHash.newDigest();
        d.update((byte) tag);
        d.update(a, 0, a.length);
        d.update(b, 0, b.length);
        return CkbHash.finish(d);
    }

    private static int bit(byte[] key, int i) {
        return (key[i / 8] >> (7 - i % 8)) & 1;
    }

    /** The definition in STATE_ROOT.md, literally. */
    private static byte[] reference(List<byte[][]> entries, int depth) {
        if (entries.isEmpty()) {
            return new byte[32];
        }
        if (entries.size() == 1) {
            return h(0, entries.get(0)[0], entries.get(0)[1]);
        }
        List<byte[][]> left = new ArrayList<>();
        List<byte[][]> right = new ArrayList<>();
        for (byte[][] e : entries) {
            (bit(e[0], depth) == 0 ? left : right).add(e);
        }
        return h(1, reference(left, depth + 1), reference(right, depth + 1));
    }

    private static TreeMap<byte[], byte[]> random(Random r, int n, List<byte[][]> asList) {
        TreeMap<byte[], byte[]> map = SparseMerkleMap.sortedEntries();
        for (int i = 0; i < n; i++) {
            byte[] k = new byte[32];
            byte[] v = new byte[32];
            r.nextBytes(k);
            r.nextBytes(v);
            if (i % 7 == 3 && i > 0) {
                k = map.firstKey().clone();   // keys sharing a long prefix
                k[31] ^= 1;
            }
            if (map.putIfAbsent(k, v) == null) {
                asList.add(new byte[][] {k, v});
            }
        }
        return map;
    }

    @Test
    void rootsMatchTheReferenceWhateverTheInsertionOrder() {
        Random r = new Random(1);
        for (int n : new int[] {0, 1, 2, 3, 10, 100, 1000}) {
            List<byte[][]> entries = new ArrayList<>();
            TreeMap<byte[], byte[]> map = random(r, n, entries);
            byte[] root = SparseMerkleMap.of(map).root();
            Collections.shuffle(entries, r);
            assertArrayEquals(reference(entries, 0), root, "n = " + n);
        }
        assertArrayEquals(new byte[32], SparseMerkleMap.of(SparseMerkleMap.sortedEntries()).root());
    }

    @Test
    void proofsShowPresenceAndAbsenceAndTamperingFails() {
        Random r = new Random(2);
        List<byte[][]> entries = new ArrayList<>();
        TreeMap<byte[], byte[]> map = random(r, 200, entries);
        SparseMerkleMap smm = SparseMerkleMap.of(map);
        byte[] root = smm.root();
        for (byte[][] e : entries.subList(0, 50)) {
            MerkleProof p = smm.prove(e[0]);
            assertTrue(p.verifies(root));
            assertArrayEquals(e[1], p.valueHash().orElseThrow());
        }
        for (int i = 0; i < 50; i++) {
            byte[] absent = new byte[32];
            r.nextBytes(absent);
            if (i % 2 == 0) {
                absent = entries.get(i)[0].clone();
                absent[31] ^= (byte) 0x80;   // next to a present key
            }
            MerkleProof p = smm.prove(absent);
            assertTrue(p.verifies(root));
            assertFalse(p.valueHash().isPresent() && !map.containsKey(absent));
            assertEquals(map.containsKey(absent), p.valueHash().isPresent());
        }
        // a present entry's proof cannot be turned into another value or an absence
        byte[][] e = entries.get(0);
        MerkleProof p = smm.prove(e[0]);
        byte[] otherValue = e[1].clone();
        otherValue[0] ^= 1;
        assertFalse(new MerkleProof(e[0], p.siblings(), new MerkleProof.Terminal.Leaf(e[0], otherValue)).verifies(root));
        assertFalse(new MerkleProof(e[0], p.siblings(), new MerkleProof.Terminal.Empty()).verifies(root));
        if (!p.siblings().isEmpty()) {
            List<byte[]> bent = new ArrayList<>(p.siblings());
            byte[] s0 = bent.get(0).clone();
            s0[5] ^= 1;
            bent.set(0, s0);
            assertFalse(new MerkleProof(e[0], bent, p.terminal()).verifies(root));
            assertFalse(new MerkleProof(e[0], p.siblings().subList(1, p.siblings().size()), p.terminal()).verifies(root));
        }
    }

    @Test
    void theCommitmentJoinsBothMapsAndItsProofsCheckAgainstTheBlockRoot() {
        TreeMap<org.ckbvm.plugin.api.TxHash, byte[]> records = new TreeMap<>();
        TreeMap<org.ckbvm.plugin.api.Address, byte[]> accounts = new TreeMap<>();
        Random r = new Random(3);
        List<org.ckbvm.plugin.api.TxHash> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] k = new byte[32];
            byte[] v = new byte[32];
            byte[] a = new byte[20];
            r.nextBytes(k);
            r.nextBytes(v);
            r.nextBytes(a);
            keys.add(org.ckbvm.plugin.api.TxHash.of(k));
            records.put(keys.get(i), v);
            accounts.put(org.ckbvm.plugin.api.Address.of(a), new Account(i, i % 3).hash());
        }
        Commitment c = Commitment.of(records, accounts);
        assertArrayEquals(h(2, c.executionsRoot(), c.accountsRoot()), c.root());
        CommitmentProof present = c.proveExecution(keys.get(4));
        assertTrue(present.verifies(c.root()));
        assertArrayEquals(records.get(keys.get(4)), present.valueHash().orElseThrow());
        byte[] other = new byte[32];
        other[0] = 9;
        CommitmentProof absent = c.proveExecution(org.ckbvm.plugin.api.TxHash.of(other));
        assertTrue(absent.verifies(c.root()));
        assertTrue(absent.valueHash().isEmpty());
        byte[] wrongRoot = c.root();
        wrongRoot[0] ^= 1;
        assertFalse(present.verifies(wrongRoot));
        assertFalse(Arrays.equals(c.root(), Commitment.empty().root()));
    }
}
