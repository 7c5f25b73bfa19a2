package org.ckbvm.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageProofTest {
    private static final int PAGE = Memory.PAGE_SIZE;

    /**
     * A machine whose pages are all present with distinct content, except {@code absent}: then no
     * absent claim but page {@code absent}'s is true, so every tampered proof must fail.
     */
    private static Machine machine(long size, int absent) {
        Machine m = new Machine(new MachineConfig(MachineVersion.V2, IsaFlags.DEFAULT, CostModel.CKB, size));
        Memory memory = m.memory();
        for (int p = 0; p < memory.pageCount(); p++) {
            if (p != absent) {
                memory.store32((long) p * PAGE + (p % 7) * 8, 0x1000 + p);
            }
        }
        memory.setFlag(0, Memory.FLAG_FREEZED);
        m.setRegister(5, 55);
        m.setPc(0x40);
        m.setCycles(123);
        return m;
    }

    private static PageProof with(PageProof p, long page, int flags, byte[] contentHash, byte[][] siblings,
                                  byte[] headerLeaf, byte[] stateRoot) {
        return new PageProof(page, flags, contentHash, siblings, headerLeaf, stateRoot);
    }

    private static byte[] flip(byte[] b, int i) {
        byte[] c = b.clone();
        c[i] ^= 1;
        return c;
    }

    private static void assertEveryTamperFails(PageProof proof, byte[] root, int pageCount, int leafCount) {
        assertTrue(PageProof.verify(proof, root));
        for (long j = 0; j < leafCount; j++) {
            // Moving an absent proof onto a padding leaf (j >= pageCount, also EMPTY) can be a true
            // claim, see absentProofOfAnEmptyMemoryIsNotIndexSpecific; every other move is false.
            if (j != proof.page() && (proof.present() || j < pageCount)) {
                PageProof moved = with(proof, j, proof.flags(), proof.contentHash(), proof.siblings(),
                        proof.headerLeaf(), proof.stateRoot());
                assertFalse(PageProof.verify(moved, root), "index " + j);
            }
        }
        assertFalse(PageProof.verify(with(proof, proof.page() + leafCount, proof.flags(), proof.contentHash(),
                proof.siblings(), proof.headerLeaf(), proof.stateRoot()), root), "index past 2^d");
        for (int f = 0; f < 4; f++) {
            if (f != proof.flags()) {
                assertFalse(PageProof.verify(with(proof, proof.page(), f, proof.contentHash(), proof.siblings(),
                        proof.headerLeaf(), proof.stateRoot()), root), "flags " + f);
            }
        }
        if (proof.present()) {
            for (int i = 0; i < 32; i++) {
                assertFalse(PageProof.verify(with(proof, proof.page(), proof.flags(), flip(proof.contentHash(), i),
                        proof.siblings(), proof.headerLeaf(), proof.stateRoot()), root), "content hash byte " + i);
            }
            assertFalse(PageProof.verify(with(proof, proof.page(), proof.flags(), null, proof.siblings(),
                    proof.headerLeaf(), proof.stateRoot()), root), "claimed absent");
        } else {
            assertFalse(PageProof.verify(with(proof, proof.page(), 0, StateRoot.contentHash(new byte[PAGE]),
                    proof.siblings(), proof.headerLeaf(), proof.stateRoot()), root), "zero page claimed present");
        }
        for (int k = 0; k < proof.depth(); k++) {
            for (int i = 0; i < 32; i++) {
                byte[][] siblings = proof.siblings();
                siblings[k] = flip(siblings[k], i);
                assertFalse(PageProof.verify(with(proof, proof.page(), proof.flags(), proof.contentHash(), siblings,
                        proof.headerLeaf(), proof.stateRoot()), root), "sibling " + k + " byte " + i);
            }
        }
        byte[][] shorter = java.util.Arrays.copyOf(proof.siblings(), proof.depth() - 1);
        if (shorter.length > 0) {
            assertFalse(PageProof.verify(with(proof, proof.page() % (1L << shorter.length), proof.flags(),
                    proof.contentHash(), shorter, proof.headerLeaf(), proof.stateRoot()), root), "one sibling less");
        }
        for (int i = 0; i < 32; i++) {
            assertFalse(PageProof.verify(with(proof, proof.page(), proof.flags(), proof.contentHash(),
                    proof.siblings(), flip(proof.headerLeaf(), i), proof.stateRoot()), root), "header leaf byte " + i);
            PageProof otherRoot = with(proof, proof.page(), proof.flags(), proof.contentHash(), proof.siblings(),
                    proof.headerLeaf(), flip(proof.stateRoot(), i));
            assertFalse(PageProof.verify(otherRoot), "state root byte " + i);
            assertFalse(PageProof.verify(proof, flip(root, i)), "trusted root byte " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4096, 8192, 12288, 4L << 20})
    void proofsVerifyAndEveryTamperFails(long size) {
        int pages = (int) (size / PAGE);
        int absent = pages - 1 == 0 ? -1 : pages - 1;
        Machine m = machine(size, absent);
        StateRootTree tree = StateRootTree.build(m.memory());
        byte[] root = tree.stateRoot(m);
        int leafCount = 1 << tree.depth();
        // Every page of the small memories; for 4 MiB both ends, both halves' edges and the absent one.
        int[] tested = size > 100_000 ? new int[] {0, 1, 511, 512, pages - 2, absent}
                : java.util.stream.IntStream.range(0, pages).toArray();
        for (int p : tested) {
            PageProof proof = tree.proof(p, m);
            assertArrayEquals(root, proof.stateRoot());
            assertEquals(p != absent, proof.present(), "page " + p);
            assertEquals(tree.depth(), proof.depth());
            assertEveryTamperFails(proof, root, pages, leafCount);
        }
    }

    @Test
    void auditorChecksPageBytes() {
        Machine m = machine(12288, 1);
        StateRootTree tree = StateRootTree.build(m.memory());
        byte[] root = tree.stateRoot(m);
        Memory memory = m.memory();
        Random random = new Random(3);
        for (int p = 0; p < 3; p++) {
            PageProof proof = tree.proof(p, m);
            byte[] content = memory.page(p);
            int flags = memory.flag(p);
            assertTrue(PageProof.verifyPage(proof, flags, content, root), "page " + p);
            assertTrue(PageProof.verifyPage(proof, flags ^ Memory.FLAG_DIRTY, content, root), "DIRTY is ignored");
            assertFalse(PageProof.verifyPage(proof, flags ^ Memory.FLAG_FREEZED, content, root));
            assertFalse(PageProof.verifyPage(proof, flags ^ Memory.FLAG_EXECUTABLE, content, root));
            for (int i : new int[] {0, 1, PAGE - 1, random.nextInt(PAGE), random.nextInt(PAGE)}) {
                byte[] changed = content.clone();
                changed[i] ^= (byte) (1 << random.nextInt(8));
                assertFalse(PageProof.verifyPage(proof, flags, changed, root), "page " + p + " byte " + i);
            }
            assertFalse(PageProof.verifyPage(proof, flags, new byte[PAGE - 1], root));
        }
        assertNull(tree.proof(1, m).contentHash());
    }

    @Test
    void absentProofOfAnEmptyMemoryIsNotIndexSpecific() {
        // Documented in STATE_ROOT.md §7: EMPTY leaves carry no index, so where the siblings agree
        // an absent proof also proves another page absent. Here every page is absent: true claims.
        Machine m = new Machine(MachineConfig.defaults().withMemorySize(4 * PAGE));
        StateRootTree tree = StateRootTree.build(m.memory());
        PageProof proof = tree.proof(0, m);
        PageProof moved = with(proof, 3, 0, null, proof.siblings(), proof.headerLeaf(), proof.stateRoot());
        assertTrue(PageProof.verify(moved, tree.stateRoot(m)));

        // Likewise the last page of a 3-page memory and the padding leaf 3: both EMPTY siblings.
        Machine three = new Machine(MachineConfig.defaults().withMemorySize(3 * PAGE));
        three.memory().store8(0, 1);
        three.memory().store8(PAGE, 1);
        StateRootTree threeTree = StateRootTree.build(three.memory());
        PageProof last = threeTree.proof(2, three);
        assertTrue(PageProof.verify(with(last, 3, 0, null, last.siblings(), last.headerLeaf(), last.stateRoot()),
                threeTree.stateRoot(three)));
    }

    @Test
    void jsonFormIsOneLineInFieldOrder() {
        Machine m = machine(12288, 1);
        String json = StateRootTree.build(m.memory()).proof(0, m).toJson();
        assertTrue(json.startsWith("{\"page\":0,\"flags\":1,\"content_hash\":\""), json);
        assertTrue(json.contains("\"siblings\":[") && json.contains(",\"header_leaf\":\"")
                && json.endsWith("\"}") && !json.contains("\n"), json);
    }

    @Test
    void valueSemantics() {
        Machine m = machine(8192, -1);
        StateRootTree tree = StateRootTree.build(m.memory());
        PageProof proof = tree.proof(1, m);
        byte[] root = proof.stateRoot();
        root[0] ^= 1;
        proof.siblings()[0][0] ^= 1;
        proof.contentHash()[0] ^= 1;
        assertTrue(PageProof.verify(proof, tree.stateRoot(m)), "accessors return copies");
        assertEquals(proof, tree.proof(1, m));
        assertEquals(proof.hashCode(), tree.proof(1, m).hashCode());
    }
}
