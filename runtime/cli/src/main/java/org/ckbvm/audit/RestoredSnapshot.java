package org.ckbvm.audit;

import java.util.HexFormat;

import org.ckbvm.error.VmException;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.DirtyPageRange;
import org.ckbvm.snapshot.PageProof;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SourcePageRange;
import org.ckbvm.snapshot.StateRootTree;

/**
 * A snapshot's memory rebuilt from its pages and the blobs it references, without a machine:
 * what an auditor recomputes the state root from. Unlike a resume it never refuses a snapshot
 * whose recorded root is wrong, since reporting that is the point.
 */
public final class RestoredSnapshot {
    private static final HexFormat HEX = HexFormat.of();

    private final Snapshot snapshot;
    private final MachineConfig config;
    private final Memory memory;
    private final StateRootTree tree;

    private RestoredSnapshot(Snapshot snapshot, MachineConfig config, Memory memory) {
        this.snapshot = snapshot;
        this.config = config;
        this.memory = memory;
        this.tree = StateRootTree.build(memory);
    }

    /**
     * Restores {@code snapshot}'s pages as CKB-VM's resume does (source ranges, then dirty ranges;
     * store the bytes, then OR in the recorded flags).
     *
     * @throws Unauditable if a referenced blob is missing, does not hash to its id, or is too short
     */
    public static RestoredSnapshot of(Snapshot snapshot, DataSource blobs) throws Unauditable {
        MachineConfig config = snapshot.header().toConfig();
        Memory memory = new Memory(config.memorySize());
        try {
            for (SourcePageRange r : snapshot.sourcePages()) {
                byte[] blob = blob(blobs, r.source());
                byte[] content = DataSlice.of(blob, r.offset(), r.length()).bytes();
                if (content.length != r.length()) {
                    throw new Unauditable("source " + r.source().toHex() + " is too short for the page range at 0x"
                            + Long.toHexString(r.address()));
                }
                restore(memory, r.address(), content, r.flags());
            }
            for (DirtyPageRange r : snapshot.dirtyPages()) {
                restore(memory, r.address(), r.content(), r.flags());
            }
        } catch (VmException e) {
            throw new Unauditable("the pages do not restore: " + e.error().message());
        }
        return new RestoredSnapshot(snapshot, config, memory);
    }

    private static byte[] blob(DataSource blobs, SourceId id) throws Unauditable {
        byte[] blob = blobs.load(id, 0, 0).orElseThrow(() -> new Unauditable("missing source " + id.toHex())).bytes();
        if (!CkbHash.sourceId(blob).equals(id)) {
            throw new Unauditable("source " + id.toHex() + " does not hash to its id");
        }
        return blob;
    }

    private static void restore(Memory memory, long address, byte[] content, int flags) {
        memory.storeBytes(address, content, 0, content.length);
        for (int i = 0; i < content.length >>> Memory.PAGE_SHIFT; i++) {
            memory.setFlag((address >>> Memory.PAGE_SHIFT) + i, flags);
        }
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public int pageCount() {
        return memory.pageCount();
    }

    /** The state root recomputed from the restored pages and the snapshot's registers. */
    public byte[] stateRoot() {
        return tree.stateRoot(config, snapshot.state());
    }

    public String stateRootHex() {
        return HEX.formatHex(stateRoot());
    }

    /** Whether the recomputed root equals the one the snapshot records. */
    public boolean matchesRecordedRoot() {
        return java.security.MessageDigest.isEqual(stateRoot(), snapshot.stateRoot());
    }

    /** An inclusion proof of page {@code page} against the recomputed root. */
    public PageProof proof(int page) {
        if (page < 0 || page >= memory.pageCount()) {
            throw new IllegalArgumentException("page " + page + " is outside the memory (0.." + (memory.pageCount() - 1) + ")");
        }
        return tree.proof(page, config, snapshot.state());
    }

    /** The flag byte of a page, DIRTY included. */
    public int flags(int page) {
        return memory.flag(page);
    }

    /** The 4096 bytes of a page. */
    public byte[] page(int page) {
        return memory.page(page);
    }

    /** A snapshot that cannot be audited with the blobs at hand. */
    public static final class Unauditable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unauditable(String message) {
            super(message);
        }
    }
}
