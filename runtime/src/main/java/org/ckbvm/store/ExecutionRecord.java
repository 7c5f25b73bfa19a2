package org.ckbvm.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.CRC32C;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.DirtyPageRange;
import org.ckbvm.snapshot.MachineRegisters;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotHeader;
import org.ckbvm.snapshot.SourcePageRange;
import org.ckbvm.store.ByteReader.FormatException;

/**
 * The value of an {@code executions} entry: the metadata plus the snapshot with every dirty page
 * replaced by its content hash (the page itself lives once in {@code pages}). Layout version 1 is
 * specified in {@code runtime/src/main/java/org/ckbvm/store/STORE_FORMAT.md}; it is a fixed
 * big-endian layout ending in a CRC-32C of everything before it, so one record has exactly one
 * encoding and a flipped bit anywhere is caught before anything is believed.
 *
 * <p>{@link #snapshotLength} and {@link #snapshotDigest} (the CKB hash of the snapshot's
 * SnapshotCodec bytes) let a reader prove that the snapshot it reassembled is byte for byte the
 * one that was stored.
 */
record ExecutionRecord(ExecutionMetadata metadata, int snapshotLength, byte[] snapshotDigest, Snapshot.Kind kind,
                       SnapshotHeader header, MachineRegisters state, List<SourceId> sources, SourceId program,
                       List<SourcePageRange> sourcePages, List<DirtyRun> dirtyRuns, byte[] stateRoot) {

    static final int VERSION = 1;
    private static final int HASH = 32;
    private static final int MAX_COST_MODEL = 16;

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
     * @throws FormatException if a page is missing or the result is not the stored snapshot
     */
    Snapshot assemble(Function<ContentKey, byte[]> pages) throws FormatException {
        List<DirtyPageRange> ranges = new ArrayList<>(dirtyRuns.size());
        for (DirtyRun run : dirtyRuns) {
            byte[] content = new byte[run.pages().size() * Memory.PAGE_SIZE];
            for (int i = 0; i < run.pages().size(); i++) {
                byte[] page = pages.apply(run.pages().get(i));
                if (page == null) {
                    throw new FormatException("page " + run.pages().get(i) + " is missing");
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
            throw new FormatException("reassembled snapshot is invalid: " + e.getMessage());
        }
        if (encoded.length != snapshotLength || !Arrays.equals(CkbHash.hash(encoded), snapshotDigest)) {
            throw new FormatException("reassembled snapshot differs from the stored one (length " + encoded.length
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

    // ---- layout -------------------------------------------------------------------------------

    byte[] encode() {
        ByteWriter w = new ByteWriter(512 + 32 * (int) Math.min(1 << 20, dirtyPageCount()));
        w.u8(VERSION);
        writeMetadata(w, metadata);
        w.u32(snapshotLength).bytes(snapshotDigest);
        w.u8(kind == Snapshot.Kind.V1 ? 1 : 2);
        byte[] costModel = header.costModel().getBytes(StandardCharsets.US_ASCII);
        w.u32(header.formatVersion()).u32(header.machineVersion()).u32(header.isa())
                .u8(costModel.length).bytes(costModel).u64(header.memorySize());
        for (long r : state.registers()) {
            w.u64(r);
        }
        w.u64(state.pc()).u64(state.cycles()).u64(state.maxCycles()).u64(state.loadReservation());
        w.u32(sources.size());
        sources.forEach(id -> w.bytes(id.bytes()));
        if (program == null) {
            w.u8(0);
        } else {
            w.u8(1).bytes(program.bytes());
        }
        w.u32(sourcePages.size());
        for (SourcePageRange r : sourcePages) {
            w.u64(r.address()).u32(r.flags()).bytes(r.source().bytes()).u64(r.offset()).u64(r.length());
        }
        w.u32(dirtyRuns.size());
        for (DirtyRun r : dirtyRuns) {
            w.u64(r.address()).u32(r.flags()).u32(r.pages().size());
            r.pages().forEach(p -> w.bytes(p.hash()));
        }
        w.bytes(stateRoot);
        return withCrc(w);
    }

    static ExecutionRecord decode(byte[] value) throws FormatException {
        ByteReader r = checkedBody(value, "execution record");
        int version = r.u8();
        if (version != VERSION) {
            throw new FormatException("execution record version " + version + " is not " + VERSION);
        }
        ExecutionMetadata metadata = readMetadata(r);
        int snapshotLength = r.u32();
        if (snapshotLength <= 0) {
            throw new FormatException("snapshot length " + Integer.toUnsignedString(snapshotLength) + " is out of range");
        }
        byte[] digest = r.bytes(HASH, "snapshot digest");
        int kindByte = r.u8();
        if (kindByte != 1 && kindByte != 2) {
            throw new FormatException("snapshot kind " + kindByte + " is not 1 or 2");
        }
        int formatVersion = r.u32();
        int machineVersion = r.u32();
        int isa = r.u32();
        int costModelLength = r.u8();
        if (costModelLength > MAX_COST_MODEL) {
            throw new FormatException("cost model id of " + costModelLength + " bytes");
        }
        String costModel = new String(r.bytes(costModelLength, "cost model"), StandardCharsets.US_ASCII);
        SnapshotHeader header = new SnapshotHeader(formatVersion, machineVersion, isa, costModel, r.u64());
        long[] registers = new long[32];
        for (int i = 0; i < 32; i++) {
            registers[i] = r.u64();
        }
        MachineRegisters state = new MachineRegisters(registers, r.u64(), r.u64(), r.u64(), r.u64());
        int sourceCount = r.count("sources", HASH);
        List<SourceId> sources = new ArrayList<>(sourceCount);
        for (int i = 0; i < sourceCount; i++) {
            sources.add(SourceId.of(r.bytes(HASH, "source id")));
        }
        int hasProgram = r.u8();
        if (hasProgram > 1) {
            throw new FormatException("program flag " + hasProgram + " is not 0 or 1");
        }
        SourceId program = hasProgram == 1 ? SourceId.of(r.bytes(HASH, "program id")) : null;
        int sourcePageCount = r.count("source page ranges", 8 + 4 + HASH + 8 + 8);
        List<SourcePageRange> sourcePages = new ArrayList<>(sourcePageCount);
        for (int i = 0; i < sourcePageCount; i++) {
            sourcePages.add(new SourcePageRange(r.u64(), r.u32(), SourceId.of(r.bytes(HASH, "source id")), r.u64(), r.u64()));
        }
        int runCount = r.count("dirty runs", 8 + 4 + 4 + HASH);
        List<DirtyRun> runs = new ArrayList<>(runCount);
        for (int i = 0; i < runCount; i++) {
            long address = r.u64();
            int flags = r.u32();
            int pageCount = r.count("dirty run pages", HASH);
            if (pageCount == 0) {
                throw new FormatException("dirty run " + i + " has no pages");
            }
            List<ContentKey> pages = new ArrayList<>(pageCount);
            for (int p = 0; p < pageCount; p++) {
                pages.add(new ContentKey(r.bytes(HASH, "page hash")));
            }
            runs.add(new DirtyRun(address, flags, pages));
        }
        byte[] stateRoot = r.bytes(HASH, "state root");
        r.requireEnd("execution record");
        return new ExecutionRecord(metadata, snapshotLength, digest, kindByte == 1 ? Snapshot.Kind.V1 : Snapshot.Kind.V2,
                header, state, sources, program, sourcePages, runs, stateRoot);
    }

    // ---- shared pieces of layout (the export file uses them too) ------------------------------

    static void writeMetadata(ByteWriter w, ExecutionMetadata m) {
        byte[] owner = m.owner().getBytes(StandardCharsets.UTF_8);
        w.u16(owner.length).bytes(owner).u64(m.createdAtSeconds());
        if (m.createdAtBlock().isPresent()) {
            w.u8(1).u64(m.createdAtBlock().getAsLong());
        } else {
            w.u8(0);
        }
        w.u64(m.cyclesPaid()).u32(m.segments());
        byte[] attachment = m.attachment();
        w.u32(attachment.length).bytes(attachment);
    }

    static ExecutionMetadata readMetadata(ByteReader r) throws FormatException {
        int ownerLength = r.u16();
        if (ownerLength > ExecutionMetadata.MAX_OWNER_BYTES) {
            throw new FormatException("owner of " + ownerLength + " bytes");
        }
        String owner;
        try {
            owner = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(r.bytes(ownerLength, "owner"))).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException("owner is not UTF-8");
        }
        long createdAtSeconds = r.u64();
        int hasBlock = r.u8();
        if (hasBlock > 1) {
            throw new FormatException("block flag " + hasBlock + " is not 0 or 1");
        }
        OptionalLong block = hasBlock == 1 ? OptionalLong.of(r.u64()) : OptionalLong.empty();
        long cyclesPaid = r.u64();
        int segments = r.u32();
        if (segments < 0) {
            throw new FormatException("segment count " + Integer.toUnsignedString(segments) + " is out of range");
        }
        int attachmentLength = r.u32();
        if (attachmentLength < 0 || attachmentLength > ExecutionMetadata.MAX_ATTACHMENT_BYTES) {
            throw new FormatException("attachment of " + Integer.toUnsignedString(attachmentLength) + " bytes");
        }
        byte[] attachment = r.bytes(attachmentLength, "attachment");
        return new ExecutionMetadata(owner, createdAtSeconds, block, cyclesPaid, segments, attachment);
    }

    /** The writer's bytes followed by their CRC-32C (big-endian). */
    static byte[] withCrc(ByteWriter w) {
        CRC32C crc = new CRC32C();
        crc.update(w.buffer(), 0, w.size());
        w.u32((int) crc.getValue());
        return w.toByteArray();
    }

    /** A reader over a value's body after checking its trailing CRC-32C. */
    static ByteReader checkedBody(byte[] value, String what) throws FormatException {
        if (value.length < 5) {
            throw new FormatException(what + " of " + value.length + " bytes is too short");
        }
        int body = value.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(value, 0, body);
        int stored = new ByteReader(value, body, value.length).u32();
        if ((int) crc.getValue() != stored) {
            throw new FormatException(what + " checksum mismatch (CRC-32C 0x" + Integer.toHexString((int) crc.getValue())
                    + ", stored 0x" + Integer.toHexString(stored) + ")");
        }
        return new ByteReader(value, 0, body);
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
