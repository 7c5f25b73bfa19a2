package org.ckbvm.snapshot;

import java.util.Arrays;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;

/**
 * The page tree of one machine's memory ({@code testvectors/STATE_ROOT.md}), kept up to date in
 * O(pages written x depth): {@link #update} re-hashes only the pages the memory reports as touched,
 * then each of their ancestors once per level.
 *
 * <p><b>Ownership.</b> A tree is bound to the {@link Memory} it was built from and is the one
 * consumer of {@link Memory#takeTouchedPages()}: that record is emptied by whoever takes it, so any
 * other caller would make this tree miss pages. Every read ({@link #pagesRoot}, {@link #leaf},
 * {@code stateRoot}, {@code proof}) applies pending pages first, so what it returns is never stale.
 *
 * <p><b>Layout.</b> All nodes live in one {@code byte[]} of 32-byte slots, heap order: slot 1 is
 * the pages root, slot n has children 2n and 2n + 1, leaf i is slot 2^d + i. Siblings are adjacent,
 * so a parent hashes one 64-byte run. For 1 GiB of memory (2^18 pages) that is 16 MiB.
 *
 * <p>Not thread-safe: a tree belongs to its machine's thread, like the machine.
 */
public final class StateRootTree {
    private static final int HASH = StateRoot.HASH_LENGTH;

    private final Memory memory;
    private final int pageCount;
    private final int depth;
    /** 2^depth: the slot of leaf 0. */
    private final int leafBase;
    private final byte[] nodes;

    // Scratch owned by the tree, so hashing a page or a node allocates nothing.
    private final Blake2bDigest digest = CkbHash.newDigest();
    private final byte[] pageBuffer = new byte[Memory.PAGE_SIZE];
    private final byte[] leafInput = new byte[StateRoot.PAGE_LEAF_INPUT_LENGTH];
    private final byte[] contentHash = new byte[HASH];

    // Cost counters: the test hook that shows updates are O(pages written), not a timing.
    private long leavesComputed;
    private long pagesHashed;
    private long nodesHashed;

    private StateRootTree(Memory memory) {
        this.memory = memory;
        this.pageCount = memory.pageCount();
        this.depth = StateRoot.depth(pageCount);
        this.leafBase = 1 << depth;
        this.nodes = new byte[2 * leafBase * HASH];
    }

    /**
     * Builds the tree from every page of {@code memory} (a fresh or resumed machine), and takes
     * over the memory's touched-page record: pages touched before now are covered by this build.
     */
    public static StateRootTree build(Memory memory) {
        StateRootTree tree = new StateRootTree(memory);
        memory.takeTouchedPages();
        tree.rebuild();
        return tree;
    }

    /** Recomputes every node from the memory, as {@link #build} does. */
    private void rebuild() {
        for (int p = 0; p < pageCount; p++) {
            computeLeaf(p);
        }
        // Leaves past the page count stay EMPTY (the array starts zeroed).
        // Inner nodes, level by level. A pair of all-EMPTY subtrees of height k is by definition
        // emptySubtree(k + 1); reusing the precomputed value keeps a fresh 1 GiB memory cheap.
        for (int level = 0; level < depth; level++) {
            byte[] empty = StateRoot.emptySubtreeView(level);
            byte[] parentEmpty = StateRoot.emptySubtreeView(level + 1);
            int first = leafBase >>> (level + 1);
            int end = leafBase >>> level;
            for (int n = first; n < end; n++) {
                int left = 2 * n * HASH;
                if (StateRoot.equalsAt(nodes, left, empty, 0) && StateRoot.equalsAt(nodes, left + HASH, empty, 0)) {
                    System.arraycopy(parentEmpty, 0, nodes, n * HASH, HASH);
                } else {
                    hashNode(n);
                }
            }
        }
    }

    /**
     * Re-hashes the pages {@code memory.takeTouchedPages()} reports: each page's leaf once, then
     * each affected parent once per level. {@code memory} must be the memory this tree was built
     * from.
     */
    public void update(Memory memory) {
        checkMemory(memory);
        int[] slots = memory.takeTouchedPages(); // ascending and distinct
        int count = slots.length;
        if (count == 0) {
            return;
        }
        for (int j = 0; j < count; j++) {
            computeLeaf(slots[j]);
            slots[j] += leafBase;
        }
        // The parents of an ascending list of slots are ascending, so equal parents are adjacent:
        // compacting in place keeps each parent once without allocating.
        for (int level = 0; level < depth; level++) {
            int kept = 0;
            int last = -1;
            for (int j = 0; j < count; j++) {
                int parent = slots[j] >>> 1;
                if (parent != last) {
                    hashNode(parent);
                    slots[kept++] = parent;
                    last = parent;
                }
            }
            count = kept;
        }
    }

    public int pageCount() {
        return pageCount;
    }

    /** d: the number of siblings in a proof. */
    public int depth() {
        return depth;
    }

    /** The root of the page tree (pending pages applied first). */
    public byte[] pagesRoot() {
        update(memory);
        return Arrays.copyOfRange(nodes, HASH, 2 * HASH);
    }

    /** The leaf of one page, EMPTY if absent (pending pages applied first). */
    public byte[] leaf(int page) {
        checkPage(page);
        update(memory);
        int slot = (leafBase + page) * HASH;
        return Arrays.copyOfRange(nodes, slot, slot + HASH);
    }

    /** H(0x03 || headerLeaf(machine) || pagesRoot); the machine's memory must be this tree's. */
    public byte[] stateRoot(Machine machine) {
        checkMemory(machine.memory());
        return StateRoot.stateRoot(StateRoot.headerLeaf(machine), pagesRoot());
    }

    /** The state root for a machine at rest, e.g. a snapshot restored into this tree's memory. */
    public byte[] stateRoot(MachineConfig config, MachineRegisters state) {
        checkConfig(config);
        return StateRoot.stateRoot(StateRoot.headerLeaf(config, state), pagesRoot());
    }

    /** Proves page {@code page} against the machine's state root. */
    public PageProof proof(int page, Machine machine) {
        checkMemory(machine.memory());
        return proof(page, StateRoot.headerLeaf(machine));
    }

    /** Proves page {@code page} for a machine at rest. */
    public PageProof proof(int page, MachineConfig config, MachineRegisters state) {
        checkConfig(config);
        return proof(page, StateRoot.headerLeaf(config, state));
    }

    private PageProof proof(int page, byte[] headerLeaf) {
        checkPage(page);
        byte[] pagesRoot = pagesRoot(); // first, so the tree and the content read below agree
        int flags = memory.flag(page) & StateRoot.STATE_FLAGS;
        byte[] hash = null;
        if (flags != 0 || !memory.isZeroPage(page)) {
            memory.copyPage(page, pageBuffer, 0);
            hash = CkbHash.hash(pageBuffer);
        }
        byte[][] siblings = new byte[depth][];
        int n = leafBase + page;
        for (int level = 0; level < depth; level++, n >>>= 1) {
            int sibling = (n ^ 1) * HASH;
            siblings[level] = Arrays.copyOfRange(nodes, sibling, sibling + HASH);
        }
        byte[] root = StateRoot.stateRoot(headerLeaf, pagesRoot);
        return new PageProof(page, flags, hash, siblings, headerLeaf, root);
    }

    // ---- cost counters -----------------------------------------------------------------------

    /** Leaves recomputed (present or absent) since this tree was made. */
    public long leavesComputed() {
        return leavesComputed;
    }

    /** Page contents hashed (present, non-zero pages) since this tree was made. */
    public long pagesHashed() {
        return pagesHashed;
    }

    /** Inner nodes hashed since this tree was made. */
    public long nodesHashed() {
        return nodesHashed;
    }

    // ---- hashing -------------------------------------------------------------------------------

    private void computeLeaf(int page) {
        leavesComputed++;
        int slot = (leafBase + page) * HASH;
        int flags = memory.flag(page) & StateRoot.STATE_FLAGS;
        boolean zero = memory.isZeroPage(page);
        if (zero && flags == 0) {
            Arrays.fill(nodes, slot, slot + HASH, (byte) 0);
            return;
        }
        byte[] hash;
        if (zero) {
            hash = StateRoot.zeroPageHashView();
        } else {
            memory.copyPage(page, pageBuffer, 0);
            digest.update(pageBuffer, 0, Memory.PAGE_SIZE);
            digest.doFinal(contentHash, 0); // doFinal also resets the digest
            pagesHashed++;
            hash = contentHash;
        }
        StateRoot.encodePageLeafInput(leafInput, page, flags, hash, 0);
        digest.update(leafInput, 0, leafInput.length);
        digest.doFinal(nodes, slot);
    }

    private void hashNode(int n) {
        nodesHashed++;
        digest.update(StateRoot.TAG_NODE);
        digest.update(nodes, 2 * n * HASH, 2 * HASH);
        digest.doFinal(nodes, n * HASH);
    }

    private void checkMemory(Memory other) {
        if (other != memory) {
            throw new IllegalArgumentException("this tree belongs to another memory");
        }
    }

    private void checkConfig(MachineConfig config) {
        if (config.memorySize() != memory.size()) {
            throw new IllegalArgumentException("config memory size " + config.memorySize()
                    + " differs from the tree's " + memory.size());
        }
    }

    private void checkPage(int page) {
        if (page < 0 || page >= pageCount) {
            throw new IllegalArgumentException("page " + page + " out of range 0.." + (pageCount - 1));
        }
    }
}
