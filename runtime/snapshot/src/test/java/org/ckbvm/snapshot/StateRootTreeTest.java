package org.ckbvm.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateRootTreeTest {
    private static final int PAGE = Memory.PAGE_SIZE;

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The incremental root equals a fresh build and the independent reference, after update. */
    private static void assertConsistent(StateRootTree tree, Memory memory, String when) {
        tree.update(memory);
        byte[] incremental = tree.pagesRoot();
        byte[] scratch = StateRootTree.build(memory).pagesRoot(); // touched record is empty now
        assertEquals(hex(scratch), hex(incremental), "incremental vs build " + when);
        assertEquals(hex(ReferenceStateRoot.pagesRoot(memory)), hex(incremental), "vs reference " + when);
    }

    @ParameterizedTest
    @ValueSource(longs = {4096, 8192, 12288, 20480, 4L << 20})
    void incrementalEqualsFromScratchUnderRandomOperations(long size) {
        Random random = new Random(size * 31 + 7);
        Memory memory = new Memory(size);
        int pages = memory.pageCount();
        StateRootTree tree = StateRootTree.build(memory);
        assertConsistent(tree, memory, "fresh");
        // A few hot pages, so pages are rewritten, zeroed back to absent and re-flagged.
        int[] hot = new int[Math.min(pages, 6)];
        for (int i = 0; i < hot.length; i++) {
            hot[i] = i == 0 ? pages - 1 : random.nextInt(pages);
        }
        int steps = size > 100_000 ? 600 : 1500;
        for (int step = 0; step < steps; step++) {
            int page = random.nextInt(4) == 0 ? random.nextInt(pages) : hot[random.nextInt(hot.length)];
            long base = (long) page * PAGE;
            long addr = base + random.nextInt(PAGE);
            try {
                switch (random.nextInt(12)) {
                    case 0 -> memory.store8(addr, random.nextLong());
                    case 1 -> memory.store16(Math.min(addr, size - 2), random.nextLong());
                    case 2 -> memory.store32(Math.min(addr, size - 4), random.nextLong());
                    case 3 -> memory.store64(Math.min(addr, size - 8), random.nextBoolean() ? 0 : random.nextLong());
                    case 4 -> memory.fill(base, PAGE, (byte) 0); // back to zero: absent unless flagged
                    case 5 -> memory.fill(addr, Math.min(random.nextInt(3 * PAGE), size - addr), (byte) random.nextInt());
                    case 6 -> memory.setFlag(page, 1 << random.nextInt(3));
                    case 7 -> memory.clearFlag(page, 1 << random.nextInt(3));
                    case 8 -> {
                        int count = 1 + random.nextInt(Math.min(3, pages - page));
                        byte[] src = new byte[random.nextInt(count * PAGE + 1)];
                        random.nextBytes(src);
                        if (random.nextBoolean()) {
                            Arrays.fill(src, (byte) 0);
                        }
                        memory.initPages(base, (long) count * PAGE, random.nextInt(4), src, 0, src.length,
                                random.nextInt(PAGE));
                    }
                    case 9 -> {
                        byte[] src = new byte[1 + random.nextInt(64)];
                        random.nextBytes(src);
                        memory.storeBytes(Math.min(addr, size - src.length), src, 0, src.length);
                    }
                    case 10 -> {
                        if (random.nextInt(40) == 0) {
                            memory.clear();
                        }
                    }
                    default -> {
                        // read-only operations touch nothing
                        memory.load64(Math.min(addr, size - 8));
                    }
                }
            } catch (VmException expected) {
                // W^X or freezed-page refusals: the memory is unchanged or partly changed; both fine
            }
            if (random.nextInt(size > 100_000 ? 60 : 15) == 0) {
                assertConsistent(tree, memory, "step " + step);
            }
        }
        assertConsistent(tree, memory, "end");
    }

    @Test
    void depthFollowsPageCount() {
        assertEquals(1, StateRoot.depth(1));
        assertEquals(1, StateRoot.depth(2));
        assertEquals(2, StateRoot.depth(3));
        assertEquals(2, StateRoot.depth(4));
        assertEquals(3, StateRoot.depth(5));
        assertEquals(10, StateRoot.depth(1024));
        assertEquals(18, StateRoot.depth(262144));
        assertEquals(18, StateRoot.MAX_MEMORY_DEPTH);
        assertEquals(2, StateRootTree.build(new Memory(12288)).depth());
    }

    // ---- presence rules ------------------------------------------------------------------------

    private static byte[] rootOf(Memory memory) {
        return StateRootTree.build(memory).pagesRoot();
    }

    @Test
    void zeroPageWithoutStateFlagsIsAbsent() {
        Memory fresh = new Memory(8 * PAGE);
        byte[] empty = rootOf(fresh);
        assertArrayEquals(StateRoot.emptySubtree(3), empty);

        Memory dirty = new Memory(8 * PAGE);
        dirty.setFlag(5, Memory.FLAG_DIRTY);
        assertArrayEquals(empty, rootOf(dirty), "DIRTY only: absent");

        Memory rewritten = new Memory(8 * PAGE);
        rewritten.store64(5 * PAGE + 8, 42);
        rewritten.store64(5 * PAGE + 8, 0);
        assertArrayEquals(empty, rootOf(rewritten), "written back to zero: absent");
        assertArrayEquals(new byte[32], StateRootTree.build(rewritten).leaf(5));
    }

    @Test
    void zeroPageWithFreezedOrExecutableIsPresent() {
        byte[] empty = rootOf(new Memory(8 * PAGE));
        for (int flag : new int[] {Memory.FLAG_FREEZED, Memory.FLAG_EXECUTABLE}) {
            Memory memory = new Memory(8 * PAGE);
            memory.setFlag(5, flag);
            StateRootTree tree = StateRootTree.build(memory);
            assertFalse(Arrays.equals(empty, tree.pagesRoot()), "flag " + flag);
            assertArrayEquals(StateRoot.pageLeaf(5, flag, StateRoot.contentHash(new byte[PAGE])), tree.leaf(5));
        }
    }

    @Test
    void dirtyNeverChangesTheRoot() {
        Memory memory = new Memory(4 * PAGE);
        memory.store32(PAGE + 12, 0xdeadbeefL);
        memory.setFlag(2, Memory.FLAG_FREEZED);
        StateRootTree tree = StateRootTree.build(memory);
        byte[] before = tree.pagesRoot();
        for (int p = 0; p < 4; p++) {
            memory.clearFlag(p, Memory.FLAG_DIRTY);
        }
        assertArrayEquals(before, tree.pagesRoot());
        for (int p = 0; p < 4; p++) {
            memory.setFlag(p, Memory.FLAG_DIRTY);
        }
        assertArrayEquals(before, tree.pagesRoot());
    }

    @Test
    void contentFlagsAndIndexEachChangeTheRoot() {
        Memory memory = new Memory(4 * PAGE);
        memory.store8(PAGE, 1);
        byte[] base = rootOf(memory);

        Memory other = new Memory(4 * PAGE);
        other.store8(PAGE, 2);
        assertFalse(Arrays.equals(base, rootOf(other)), "content");

        other = new Memory(4 * PAGE);
        other.store8(PAGE + 1, 1);
        assertFalse(Arrays.equals(base, rootOf(other)), "offset within page");

        other = new Memory(4 * PAGE);
        other.store8(2 * PAGE, 1);
        assertFalse(Arrays.equals(base, rootOf(other)), "page index");

        other = new Memory(4 * PAGE);
        other.store8(PAGE, 1);
        other.setFlag(1, Memory.FLAG_FREEZED);
        assertFalse(Arrays.equals(base, rootOf(other)), "FREEZED");
    }

    // ---- header --------------------------------------------------------------------------------

    private static Machine machine(MachineConfig config) {
        Machine machine = new Machine(config);
        machine.setRegister(2, config.memorySize());
        machine.setRegister(10, 7);
        machine.setPc(0x100);
        machine.setCycles(500);
        machine.setMaxCycles(10_000);
        machine.memory().store64(0, 0x1234);
        return machine;
    }

    private static byte[] root(Machine machine) {
        return StateRootTree.build(machine.memory()).stateRoot(machine);
    }

    private static final MachineConfig SMALL = new MachineConfig(MachineVersion.V2, IsaFlags.DEFAULT, CostModel.CKB, 8192);

    @Test
    void maxCyclesDoesNotChangeTheRoot() {
        Machine a = machine(SMALL);
        Machine b = machine(SMALL);
        b.setMaxCycles(1);
        assertArrayEquals(root(a), root(b));
        assertArrayEquals(root(a), root(machine(SMALL.withCostModel(CostModel.UNIT))), "cost model is not hashed");
    }

    private static void assertChanges(String what, Consumer<Machine> change) {
        Machine a = machine(SMALL);
        Machine b = machine(SMALL);
        change.accept(b);
        assertFalse(Arrays.equals(root(a), root(b)), what);
    }

    @Test
    void everyHeaderFieldChangesTheRoot() {
        for (int r = 1; r < 32; r++) {
            int reg = r;
            assertChanges("x" + r, m -> m.setRegister(reg, m.register(reg) ^ 1));
        }
        assertChanges("pc", m -> m.setPc(m.pc() + 4));
        assertChanges("cycles", m -> m.setCycles(m.cycles() + 1));
        assertChanges("lr", m -> m.setLoadReservation(0x200));
        Machine base = machine(SMALL);
        assertFalse(Arrays.equals(root(base), root(machine(SMALL.withVersion(MachineVersion.V1)))), "version");
        assertFalse(Arrays.equals(root(base), root(machine(SMALL.withIsa(IsaFlags.B)))), "isa");
        // 4096 and 8192 bytes both give d = 1 and here the same pages root: only the header differs.
        Machine small = machine(SMALL.withMemorySize(4096));
        small.setRegister(2, 8192);
        assertArrayEquals(StateRootTree.build(base.memory()).pagesRoot(), StateRootTree.build(small.memory()).pagesRoot());
        assertFalse(Arrays.equals(root(base), root(small)), "memory size");
    }

    @Test
    void headerLeafMatchesTheReferenceAndTheSnapshotForm() {
        Machine m = machine(SMALL);
        long[] regs = new long[32];
        for (int i = 0; i < 32; i++) {
            regs[i] = m.register(i);
        }
        byte[] expected = ReferenceStateRoot.headerLeaf(2, IsaFlags.DEFAULT, 8192, regs, m.pc(), m.cycles(),
                m.loadReservation());
        assertArrayEquals(expected, StateRoot.headerLeaf(m));
        MachineRegisters state = new MachineRegisters(regs, m.pc(), m.cycles(), 99, m.loadReservation());
        assertArrayEquals(expected, StateRoot.headerLeaf(SMALL, state));
        StateRootTree tree = StateRootTree.build(m.memory());
        assertArrayEquals(tree.stateRoot(m), tree.stateRoot(SMALL, state));
        assertArrayEquals(ReferenceStateRoot.stateRoot(expected, ReferenceStateRoot.pagesRoot(m.memory())),
                tree.stateRoot(m));
    }

    @Test
    void nonZeroX0IsRejected() {
        long[] regs = new long[32];
        regs[0] = 1;
        MachineRegisters state = new MachineRegisters(regs, 0, 0, 0, -1);
        assertThrows(IllegalArgumentException.class, () -> StateRoot.headerLeaf(SMALL, state));
    }

    @Test
    void treeIsBoundToItsMemory() {
        Memory memory = new Memory(8192);
        StateRootTree tree = StateRootTree.build(memory);
        assertThrows(IllegalArgumentException.class, () -> tree.update(new Memory(8192)));
        assertThrows(IllegalArgumentException.class, () -> tree.stateRoot(machine(SMALL)));
        assertThrows(IllegalArgumentException.class,
                () -> tree.stateRoot(SMALL.withMemorySize(4096), new MachineRegisters(new long[32], 0, 0, 0, -1)));
    }

    @Test
    void readsApplyPendingPagesFirst() {
        Machine m = machine(SMALL);
        StateRootTree tree = StateRootTree.build(m.memory());
        m.memory().store8(PAGE + 3, 9);
        assertArrayEquals(ReferenceStateRoot.pagesRoot(m.memory()), tree.pagesRoot());
        m.memory().store8(PAGE + 4, 9);
        byte[] root = tree.stateRoot(m);
        assertArrayEquals(StateRootTree.build(m.memory()).stateRoot(m), root);
    }

    @Test
    void resetMachineHasTheEmptyMemoryRoot() {
        Machine m = machine(SMALL);
        StateRootTree tree = StateRootTree.build(m.memory());
        m.reset(100);
        assertArrayEquals(StateRoot.emptySubtree(1), tree.pagesRoot());
    }

    // ---- cost ----------------------------------------------------------------------------------

    @Test
    void updateHashesExactlyTheWrittenPagesAndTheirAncestors() {
        Memory memory = new Memory(4L << 20);
        StateRootTree tree = StateRootTree.build(memory);
        assertEquals(1024, tree.leavesComputed());
        assertEquals(0, tree.pagesHashed(), "a fresh memory has no content to hash");

        tree.update(memory);
        assertEquals(1024, tree.leavesComputed(), "nothing written, nothing hashed");

        int[] written = {0, 1, 2, 513, 1023};
        long leaves = tree.leavesComputed();
        long pages = tree.pagesHashed();
        long nodes = tree.nodesHashed();
        for (int page : written) {
            for (int i = 0; i < 10; i++) { // many writes to one page: still one leaf
                memory.store32((long) page * PAGE + 8 * i, 0x5555_0000L + page);
            }
        }
        tree.update(memory);
        assertEquals(written.length, tree.leavesComputed() - leaves);
        assertEquals(written.length, tree.pagesHashed() - pages);
        TreeSet<Integer> ancestors = new TreeSet<>();
        for (int page : written) {
            for (int n = (1024 + page) >>> 1; n >= 1; n >>>= 1) {
                ancestors.add(n);
            }
        }
        assertEquals(ancestors.size(), tree.nodesHashed() - nodes, "each ancestor once");
        assertEquals(hex(ReferenceStateRoot.pagesRoot(memory)), hex(tree.pagesRoot()));
    }
}
