package org.ckbvm.snapshot;

import java.util.Arrays;
import java.util.List;

import org.ckbvm.plugin.api.SourceId;

/**
 * A suspended machine, as a value. Two kinds share this shape:
 * <ul>
 *   <li>{@link Kind#V1} (CKB-VM Snapshot v1): every DIRTY page carried as content, one page per
 *       range, no source pages;</li>
 *   <li>{@link Kind#V2} (CKB-VM Snapshot2): pages still equal to a source range are referenced by
 *       (source id, offset, length); only the others carry content, runs merged as CKB-VM merges
 *       them.</li>
 * </ul>
 * Both also carry what CKB kept beside its snapshots: cycles and the cycle limit, plus the
 * transaction's source list (index order, as syscalls address them), the program's blob, and the
 * state root at the suspension point, which resume recomputes and checks.
 */
public record Snapshot(Kind kind, SnapshotHeader header, MachineRegisters state, List<SourceId> sources,
                       List<SourcePageRange> sourcePages, List<DirtyPageRange> dirtyPages, byte[] stateRoot,
                       SourceId program) {

    public enum Kind { V1, V2 }

    public Snapshot {
        sources = List.copyOf(sources);
        sourcePages = List.copyOf(sourcePages);
        dirtyPages = List.copyOf(dirtyPages);
        stateRoot = stateRoot.clone();
    }

    /** A snapshot that names no program blob (its source pages all come from {@code sources}). */
    public Snapshot(Kind kind, SnapshotHeader header, MachineRegisters state, List<SourceId> sources,
                    List<SourcePageRange> sourcePages, List<DirtyPageRange> dirtyPages, byte[] stateRoot) {
        this(kind, header, state, sources, sourcePages, dirtyPages, stateRoot, null);
    }

    /** The blob the program was booted from, if the snapshot names it. */
    public java.util.Optional<SourceId> programSource() {
        return java.util.Optional.ofNullable(program);
    }

    @Override
    public byte[] stateRoot() {
        return stateRoot.clone();
    }

    public long sourcePageCount() {
        return sourcePages.stream().mapToLong(r -> r.length() >>> 12).sum();
    }

    public long dirtyPageCount() {
        return dirtyPages.stream().mapToLong(r -> r.contentLength() >>> 12).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && kind == s.kind && header.equals(s.header) && state.equals(s.state)
                && sources.equals(s.sources) && sourcePages.equals(s.sourcePages)
                && dirtyPages.equals(s.dirtyPages) && Arrays.equals(stateRoot, s.stateRoot)
                && java.util.Objects.equals(program, s.program);
    }

    @Override
    public int hashCode() {
        return header.hashCode() * 31 + state.hashCode() + Arrays.hashCode(stateRoot);
    }
}
