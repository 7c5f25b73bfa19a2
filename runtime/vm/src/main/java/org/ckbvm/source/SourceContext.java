package org.ckbvm.source;

import java.util.List;
import java.util.Optional;

import org.ckbvm.elf.ElfProgram;
import org.ckbvm.elf.LoadingAction;
import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.machine.Machine;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;

/**
 * CKB-VM's {@code Snapshot2Context}: the data source, the transaction's sources in index order,
 * and which pages still hold an exact, whole-page copy of a source range, so that a Snapshot2 can
 * reference those pages by (source id, offset) instead of copying them.
 *
 * <p>Tracking is per page in flat arrays indexed by page number (never a hash map), so iteration
 * is in address order and deterministic.
 */
public final class SourceContext {
    private static final int PAGE = Memory.PAGE_SIZE;

    private final DataSource dataSource;
    private final List<SourceId> transactionSources;
    private final SourceId[] trackedId;
    private final long[] trackedOffset;
    private final byte[] trackedFlags;

    public SourceContext(DataSource dataSource, List<SourceId> transactionSources, int pageCount) {
        this.dataSource = dataSource;
        this.transactionSources = List.copyOf(transactionSources);
        this.trackedId = new SourceId[pageCount];
        this.trackedOffset = new long[pageCount];
        this.trackedFlags = new byte[pageCount];
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The transaction's sources, in the index order syscalls use. */
    public List<SourceId> transactionSources() {
        return transactionSources;
    }

    /** The source at a transaction index, if there is one. */
    public Optional<SourceId> transactionSource(long index) {
        return index >= 0 && index < transactionSources.size()
                ? Optional.of(transactionSources.get((int) index)) : Optional.empty();
    }

    /** {@code Snapshot2Context::load_data}: an unknown id is {@code SnapshotDataLoadError}. */
    public DataSlice load(SourceId id, long offset, long length) {
        return dataSource.load(id, offset, length).orElseThrow(() -> new VmException(
                new VmError.SnapshotDataLoadError("data source has no blob " + id)));
    }

    /** Forgets all tracking (a resume starts a new context). */
    public void clear() {
        java.util.Arrays.fill(trackedId, null);
    }

    public boolean isTracked(int page) {
        return trackedId[page] != null;
    }

    public SourceId trackedSource(int page) {
        return trackedId[page];
    }

    public long trackedOffset(int page) {
        return trackedOffset[page];
    }

    /** The page's flag byte when it was tracked (DIRTY clear). */
    public int trackedFlags(int page) {
        return trackedFlags[page];
    }

    public int pageCount() {
        return trackedId.length;
    }

    /**
     * {@code Snapshot2Context::store_bytes}: loads {@code length} bytes of the source from
     * {@code offset}, writes the full remaining length to {@code sizeAddr}, marks the touched pages
     * dirty and untracked, writes the data, then tracks the whole pages it covers.
     *
     * @return the number of bytes written
     */
    public long storeBytes(Machine machine, long addr, SourceId id, long offset, long length, long sizeAddr) {
        DataSlice slice = load(id, offset, length);
        Memory memory = machine.memory();
        memory.store64(sizeAddr, slice.fullLength());
        byte[] data = slice.bytes();
        untrackPages(memory, addr, data.length);
        memory.storeBytes(addr, data, 0, data.length);
        trackPages(memory, addr, data.length, id, offset);
        return data.length;
    }

    /**
     * {@code Snapshot2Context::mark_program}: tracks the whole pages each PT_LOAD segment copied
     * from the program blob; partial first and last pages, .bss and the stack stay dirty.
     */
    public void markProgram(Memory memory, ElfProgram program, SourceId id, long offset) {
        for (LoadingAction action : program.actions()) {
            long start = action.addr() + action.offsetFromAddr();
            long length = Math.min(action.sourceEnd() - action.sourceStart(), action.size() - action.offsetFromAddr());
            trackPages(memory, start, length, id, offset + action.sourceStart());
        }
    }

    /**
     * {@code track_pages}: each page entirely inside {@code [start, start + length)} gets DIRTY
     * cleared and is recorded with its source offset and current flags.
     */
    public void trackPages(Memory memory, long start, long length, SourceId id, long offset) {
        long alignedStart = (start + PAGE - 1) & -PAGE;
        long skipped = alignedStart - start;
        if (Long.compareUnsigned(length, skipped) < 0) {
            return;
        }
        offset += skipped;
        length -= skipped;
        while (Long.compareUnsigned(length, PAGE) >= 0) {
            long page = alignedStart >>> Memory.PAGE_SHIFT;
            memory.clearFlag(page, Memory.FLAG_DIRTY);
            int p = (int) page;
            trackedId[p] = id;
            trackedOffset[p] = offset;
            trackedFlags[p] = (byte) memory.flag(page);
            alignedStart += PAGE;
            length -= PAGE;
            offset += PAGE;
        }
    }

    /** {@code untrack_pages}: every page touched by the range becomes DIRTY and untracked. */
    public void untrackPages(Memory memory, long start, long length) {
        if (length == 0) {
            return;
        }
        if (Long.compareUnsigned(start, memory.size()) >= 0
                || Long.compareUnsigned(length, memory.size() - start) > 0) {
            throw new VmException(new VmError.MemOutOfBound(start));
        }
        long first = start >>> Memory.PAGE_SHIFT;
        long last = (start + length - 1) >>> Memory.PAGE_SHIFT;
        for (long page = first; page <= last; page++) {
            memory.setFlag(page, Memory.FLAG_DIRTY);
            trackedId[(int) page] = null;
        }
    }
}
