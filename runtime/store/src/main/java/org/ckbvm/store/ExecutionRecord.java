package org.ckbvm.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.DirtyPageRange;
import org.ckbvm.snapshot.MachineRegisters;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotHeader;
import org.ckbvm.snapshot.SourcePageRange;

/**
 * The value of an {@code executions} entry: the metadata plus the snapshot with every dirty page
 * replaced by its content hash (the page itself lives once in {@code pages}). Its bytes are the
 * {@code ckbvm.store.v2.ExecutionRecord} protobuf plus a CRC-32C ({@link RecordCodec};
 * {@code runtime/src/main/java/org/ckbvm/store/STORE_FORMAT.md} specifies them).
 *
 * <p>{@link #snapshotLength} and {@link #snapshotDigest} (the CKB hash of the snapshot's
 * SnapshotCodec bytes) let a reader prove that the snapshot it reassembled is byte for byte the
 * one that was stored.
 */
record ExecutionRecord(ExecutionMetadata metadata, int snapshotLength, byte[] snapshotDigest, Snapshot.Kind kind,
                       SnapshotHeader header, MachineRegisters state, List<SourceId> sources, SourceId program,
                       List<SourcePageRange> sourcePages, List<DirtyRun> dirtyRuns, byte[] stateRoot) {

    /** A run of dirty pages with equal flags, each named by its content hash. */
    record DirtyRun(long address, int flags, List<ContentKey> pages) {
        DirtyRun {
            pages = List.copyOf(pages);
        }
    }

    ExecutionRecord {
        sources = List.copyOf(sources);
        sourcePages = List.copyOf(sourcePages);
        dirtyRuns = List.copyOf(dirtyRuns);
    }

    /**
     * Splits a snapshot into its record and its pages; {@code pagesOut} receives each distinct
     * page under its hash.
     */
    static ExecutionRecord split(ExecutionMetadata metadata, Snapshot snapshot, byte[] encoded,
                                 Map<ContentKey, byte[]> pagesOut) {
        List<DirtyRun> runs = new ArrayList<>(snapshot.dirtyPages().size());
        for (DirtyPageRange range : snapshot.dirtyPages()) {
            byte[] content = range.content();
            List<ContentKey> pages = new ArrayList<>(content.length / Memory.PAGE_SIZE);
            for (int offset = 0; offset < content.length; offset += Memory.PAGE_SIZE) {
                ContentKey key = new ContentKey(CkbHash.hash(content, offset, Memory.PAGE_SIZE));
                pages.add(key);
                if (!pagesOut.containsKey(key)) {
                    pagesOut.put(key, Arrays.copyOfRange(content, offset, offset + Memory.PAGE_SIZE));
                }
            }
            runs.add(new DirtyRun(range.address(), range.flags(), pages));
        }
        return new ExecutionRecord(metadata, encoded.length, CkbHash.hash(encoded), snapshot.kind(),
                snapshot.header(), snapshot.state(), snapshot.sources(), snapshot.programSource().orElse(null),
                snapshot.sourcePages(), runs, snapshot.stateRoot());
    }

    /**
     * Rebuilds the snapshot from pages looked up by hash, and proves it is the stored one: its
     * SnapshotCodec encoding must validate and have the recorded length and digest.
     *
     * @param pages returns a page's verified 4096 bytes, or null if it is missing
     * @throws StoreFormatException if a page is missing or the result is not the stored snapshot
     */
    Snapshot assemble(Function<ContentKey, byte[]> pages) throws StoreFormatException {
        List<DirtyPageRange> ranges = new ArrayList<>(dirtyRuns.size());
        for (DirtyRun run : dirtyRuns) {
            byte[] content = new byte[run.pages().size() * Memory.PAGE_SIZE];
            for (int i = 0; i < run.pages().size(); i++) {
                byte[] page = pages.apply(run.pages().get(i));
                if (page == null) {
                    throw new StoreFormatException("page " + run.pages().get(i) + " is missing");
                }
                System.arraycopy(page, 0, content, i * Memory.PAGE_SIZE, Memory.PAGE_SIZE);
            }
            ranges.add(new DirtyPageRange(run.address(), run.flags(), content));
        }
        Snapshot snapshot = new Snapshot(kind, header, state, sources, sourcePages, ranges, stateRoot, program);
        byte[] encoded;
        try {
            encoded = SnapshotCodec.encode(snapshot);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StoreFormatException("reassembled snapshot is invalid: " + e.getMessage());
        }
        if (encoded.length != snapshotLength || !Arrays.equals(CkbHash.hash(encoded), snapshotDigest)) {
            throw new StoreFormatException("reassembled snapshot differs from the stored one (length " + encoded.length
                    + ", recorded " + snapshotLength + ")");
        }
        return snapshot;
    }

    /** The distinct pages this execution references, ascending. */
    SortedSet<ContentKey> pageRefs() {
        TreeSet<ContentKey> refs = new TreeSet<>();
        dirtyRuns.forEach(r -> refs.addAll(r.pages()));
        return Collections.unmodifiableSortedSet(refs);
    }

    /**
     * The distinct blobs this execution needs, ascending: the transaction's sources, the program
     * blob and every blob a source page range names (resume loads each of them).
     */
    SortedSet<ContentKey> blobRefs() {
        TreeSet<ContentKey> refs = new TreeSet<>();
        sources.forEach(id -> refs.add(new ContentKey(id.bytes())));
        if (program != null) {
            refs.add(new ContentKey(program.bytes()));
        }
        sourcePages.forEach(r -> refs.add(new ContentKey(r.source().bytes())));
        return Collections.unmodifiableSortedSet(refs);
    }

    long dirtyPageCount() {
        return dirtyRuns.stream().mapToLong(r -> r.pages().size()).sum();
    }

    long sourcePageCount() {
        return sourcePages.stream().mapToLong(r -> r.length() >>> Memory.PAGE_SHIFT).sum();
    }

    // ---- bytes ----------------------------------------------------------------------------------

    /** The {@code executions} value: see {@link RecordCodec}. */
    byte[] encode() {
        return RecordCodec.encode(this);
    }

    static ExecutionRecord decode(byte[] value) throws StoreFormatException {
        return RecordCodec.decode(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionRecord e && metadata.equals(e.metadata) && snapshotLength == e.snapshotLength
                && Arrays.equals(snapshotDigest, e.snapshotDigest) && kind == e.kind && header.equals(e.header)
                && state.equals(e.state) && sources.equals(e.sources) && java.util.Objects.equals(program, e.program)
                && sourcePages.equals(e.sourcePages) && dirtyRuns.equals(e.dirtyRuns) && Arrays.equals(stateRoot, e.stateRoot);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(snapshotDigest);
    }
}
