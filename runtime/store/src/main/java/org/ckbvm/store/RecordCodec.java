package org.ckbvm.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;

import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.proto.MachineHeader;
import org.ckbvm.proto.SnapshotKind;
import org.ckbvm.proto.SourcePages;
import org.ckbvm.proto.store.DirtyPageRun;
import org.ckbvm.proto.store.Metadata;
import org.ckbvm.snapshot.MachineRegisters;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotHeader;
import org.ckbvm.snapshot.SourcePageRange;

/**
 * The bytes of an {@code executions} value (STORE_FORMAT.md, format version 2): the
 * {@code ckbvm.store.v2.ExecutionRecord} protobuf in its one canonical encoding, then a CRC-32C of
 * those bytes (u32 big-endian), so a flipped bit anywhere, even inside a byte field protobuf
 * cannot check, is caught before anything is believed. Decoding is strict ({@link StrictProto})
 * and checks every constraint of store.proto; the reassembled snapshot is checked later, whole,
 * against the recorded length and digest.
 */
final class RecordCodec {
    private static final int HASH = 32;
    private static final int REGISTERS = 32;
    private static final int MAX_COST_MODEL = 16;

    private RecordCodec() {}

    static byte[] encode(ExecutionRecord r) {
        SnapshotHeader h = r.header();
        org.ckbvm.proto.store.ExecutionRecord.Builder b = org.ckbvm.proto.store.ExecutionRecord.newBuilder()
                .setMetadata(metadata(r.metadata()))
                .setSnapshotLength(r.snapshotLength())
                .setSnapshotDigest(wrap(r.snapshotDigest()))
                .setKind(r.kind() == Snapshot.Kind.V1 ? SnapshotKind.SNAPSHOT_KIND_V1 : SnapshotKind.SNAPSHOT_KIND_V2)
                .setHeader(MachineHeader.newBuilder().setFormatVersion(h.formatVersion())
                        .setMachineVersion(h.machineVersion()).setIsa(h.isa()).setCostModel(h.costModel())
                        .setMemorySize(h.memorySize()));
        for (long v : r.state().registers()) {
            b.addRegisters(v);
        }
        b.setPc(r.state().pc()).setCycles(r.state().cycles()).setMaxCycles(r.state().maxCycles())
                .setLoadReservation(r.state().loadReservation());
        r.sources().forEach(id -> b.addSources(wrap(id.bytes())));
        if (r.program() != null) {
            b.setProgram(wrap(r.program().bytes()));
        }
        for (SourcePageRange p : r.sourcePages()) {
            b.addSourcePages(SourcePages.newBuilder().setAddress(p.address()).setFlags(p.flags())
                    .setSourceId(wrap(p.source().bytes())).setOffset(p.offset()).setLength(p.length()));
        }
        for (ExecutionRecord.DirtyRun run : r.dirtyRuns()) {
            DirtyPageRun.Builder d = DirtyPageRun.newBuilder().setAddress(run.address()).setFlags(run.flags());
            run.pages().forEach(k -> d.addPages(wrap(k.hash())));
            b.addDirtyPages(d);
        }
        b.setStateRoot(wrap(r.stateRoot()));
        byte[] body = StrictProto.serialize(b.build());
        return ByteBuffer.allocate(body.length + 4).put(body).putInt(crc(body, body.length)).array();
    }

    static ExecutionRecord decode(byte[] value) throws StoreFormatException {
        if (value.length < 5) {
            throw new StoreFormatException("execution record of " + value.length + " bytes is too short");
        }
        int body = value.length - 4;
        int stored = ByteBuffer.wrap(value, body, 4).getInt();
        int actual = crc(value, body);
        if (actual != stored) {
            throw new StoreFormatException("execution record checksum mismatch (CRC-32C 0x" + Integer.toHexString(actual)
                    + ", stored 0x" + Integer.toHexString(stored) + ")");
        }
        byte[] bytes = java.util.Arrays.copyOf(value, body);
        org.ckbvm.proto.store.ExecutionRecord m;
        try {
            m = org.ckbvm.proto.store.ExecutionRecord.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreFormatException("execution record does not parse: " + e.getMessage());
        }
        StrictProto.requireCanonical(m, bytes, "execution record");
        try {
            return toValue(m);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StoreFormatException("execution record: " + e.getMessage());
        }
    }

    private static ExecutionRecord toValue(org.ckbvm.proto.store.ExecutionRecord m) throws StoreFormatException {
        if (!m.hasMetadata()) {
            throw new StoreFormatException("execution record has no metadata");
        }
        ExecutionMetadata metadata = metadata(m.getMetadata());
        if (m.getSnapshotLength() <= 0) {
            throw new StoreFormatException("snapshot length " + Integer.toUnsignedString(m.getSnapshotLength())
                    + " is out of range");
        }
        byte[] digest = StrictProto.exactly(m.getSnapshotDigest(), HASH, "snapshot digest");
        int kind = m.getKindValue();
        if (kind != SnapshotKind.SNAPSHOT_KIND_V1_VALUE && kind != SnapshotKind.SNAPSHOT_KIND_V2_VALUE) {
            throw new StoreFormatException("snapshot kind " + kind + " is not 1 or 2");
        }
        if (!m.hasHeader()) {
            throw new StoreFormatException("execution record has no machine header");
        }
        MachineHeader h = m.getHeader();
        if (h.getCostModelBytes().size() > MAX_COST_MODEL) {
            throw new StoreFormatException("cost model id of " + h.getCostModelBytes().size() + " bytes");
        }
        SnapshotHeader header = new SnapshotHeader(h.getFormatVersion(), h.getMachineVersion(), h.getIsa(),
                h.getCostModel(), h.getMemorySize());
        if (m.getRegistersCount() != REGISTERS) {
            throw new StoreFormatException(m.getRegistersCount() + " registers, expected " + REGISTERS);
        }
        long[] registers = new long[REGISTERS];
        for (int i = 0; i < REGISTERS; i++) {
            registers[i] = m.getRegisters(i);
        }
        MachineRegisters state = new MachineRegisters(registers, m.getPc(), m.getCycles(), m.getMaxCycles(),
                m.getLoadReservation());
        List<SourceId> sources = new ArrayList<>(m.getSourcesCount());
        for (ByteString id : m.getSourcesList()) {
            sources.add(SourceId.of(StrictProto.exactly(id, HASH, "source id")));
        }
        SourceId program = m.getProgram().isEmpty() ? null
                : SourceId.of(StrictProto.exactly(m.getProgram(), HASH, "program id"));
        List<SourcePageRange> sourcePages = new ArrayList<>(m.getSourcePagesCount());
        for (SourcePages p : m.getSourcePagesList()) {
            sourcePages.add(new SourcePageRange(p.getAddress(), p.getFlags(),
                    SourceId.of(StrictProto.exactly(p.getSourceId(), HASH, "source id")), p.getOffset(), p.getLength()));
        }
        List<ExecutionRecord.DirtyRun> runs = new ArrayList<>(m.getDirtyPagesCount());
        for (int i = 0; i < m.getDirtyPagesCount(); i++) {
            DirtyPageRun run = m.getDirtyPages(i);
            if (run.getPagesCount() == 0) {
                throw new StoreFormatException("dirty run " + i + " has no pages");
            }
            List<ContentKey> pages = new ArrayList<>(run.getPagesCount());
            for (ByteString page : run.getPagesList()) {
                pages.add(new ContentKey(StrictProto.exactly(page, HASH, "page hash")));
            }
            runs.add(new ExecutionRecord.DirtyRun(run.getAddress(), run.getFlags(), pages));
        }
        byte[] stateRoot = StrictProto.exactly(m.getStateRoot(), HASH, "state root");
        return new ExecutionRecord(metadata, m.getSnapshotLength(), digest,
                kind == SnapshotKind.SNAPSHOT_KIND_V1_VALUE ? Snapshot.Kind.V1 : Snapshot.Kind.V2, header, state,
                sources, program, sourcePages, runs, stateRoot);
    }

    // ---- metadata (the export file uses it too) ------------------------------------------------

    static Metadata metadata(ExecutionMetadata m) {
        Metadata.Builder b = Metadata.newBuilder().setOwner(m.owner()).setCreatedAtSeconds(m.createdAtSeconds())
                .setCyclesPaid(m.cyclesPaid()).setSegments(m.segments()).setAttachment(wrap(m.attachment()));
        m.createdAtBlock().ifPresent(b::setCreatedAtBlock);
        return b.build();
    }

    static ExecutionMetadata metadata(Metadata m) throws StoreFormatException {
        // protobuf refused malformed UTF-8 already (proto3 strings are checked on parse).
        int ownerBytes = m.getOwner().getBytes(StandardCharsets.UTF_8).length;
        if (ownerBytes > ExecutionMetadata.MAX_OWNER_BYTES) {
            throw new StoreFormatException("owner of " + ownerBytes + " bytes");
        }
        if (m.getSegments() < 0) {
            throw new StoreFormatException("segment count " + Integer.toUnsignedString(m.getSegments()) + " is out of range");
        }
        if (m.getAttachment().size() > ExecutionMetadata.MAX_ATTACHMENT_BYTES) {
            throw new StoreFormatException("attachment of " + m.getAttachment().size() + " bytes");
        }
        return new ExecutionMetadata(m.getOwner(), m.getCreatedAtSeconds(),
                m.hasCreatedAtBlock() ? OptionalLong.of(m.getCreatedAtBlock()) : OptionalLong.empty(),
                m.getCyclesPaid(), m.getSegments(), m.getAttachment().toByteArray());
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /** The callers pass fresh copies (accessors clone), so wrapping without another copy is safe. */
    private static ByteString wrap(byte[] bytes) {
        return UnsafeByteOperations.unsafeWrap(bytes);
    }
}
