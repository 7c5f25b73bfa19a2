package org.ckbvm.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;

import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.proto.DirtyPages;
import org.ckbvm.proto.MachineHeader;
import org.ckbvm.proto.SnapshotKind;
import org.ckbvm.proto.SourcePages;
import org.ckbvm.snapshot.SnapshotFormatError.*;

/**
 * Converts {@link Snapshot} values to and from {@code ckbvm.v1.Snapshot} protobuf bytes
 * ({@code proto/src/main/proto/snapshot.proto}, which documents every field and constraint).
 *
 * <p>Strict both ways. {@link #decode} accepts exactly the byte strings {@link #encode} produces
 * for valid snapshots and refuses everything else with a {@link SnapshotFormatException} whose
 * {@link SnapshotFormatError reason} names the field: so {@code encode(decode(b))} equals
 * {@code b} for every accepted {@code b}, and {@code decode(encode(s))} equals {@code s}. Whatever
 * the input, decode throws nothing else (a {@code null} array is a caller bug and throws
 * {@link NullPointerException}), and it allocates at most a few times the input's size: every
 * length it acts on was checked against the bytes actually present, by protobuf or by us.
 *
 * <p>The bytes are a container, not a hash input: state roots are computed over our own layout,
 * elsewhere. Canonical encoding is enforced here only so that one snapshot has one encoding and a
 * stored snapshot cannot smuggle data (unknown fields, repeated fields) past a re-encode.
 */
public final class SnapshotCodec {
    private static final int PAGE_MASK = Memory.PAGE_SIZE - 1;
    private static final int REGISTER_COUNT = 32;
    private static final int ROOT_LENGTH = 32;
    private static final int FLAG_MASK = Memory.FLAG_FREEZED | Memory.FLAG_EXECUTABLE | Memory.FLAG_DIRTY;
    private static final int MAX_QUOTED = 64;
    private static final String SOURCE_PAGES = "source_pages";
    private static final String DIRTY_PAGES = "dirty_pages";

    private SnapshotCodec() {}

    /**
     * The canonical bytes of {@code snapshot}: deterministic, equal values give equal bytes.
     *
     * @throws IllegalArgumentException if {@link #decode} would refuse the result (an invalid
     *         value is a bug in whoever built it); the cause is the {@link SnapshotFormatException}
     *         with the reason
     * @throws NullPointerException if a component (header, cost model, a range's source) is null
     */
    public static byte[] encode(Snapshot snapshot) {
        org.ckbvm.proto.Snapshot message = toMessage(snapshot);
        try {
            validate(message);
        } catch (SnapshotFormatException e) {
            throw new IllegalArgumentException("not a valid snapshot: " + e.getMessage(), e);
        }
        return serialize(message);
    }

    /**
     * Parses and checks snapshot bytes.
     *
     * @throws SnapshotFormatException for anything {@link #encode} would not have produced from a
     *         valid snapshot. The reason is the first failing check, in this order: parsing,
     *         unknown fields, header, kind, register count, state root, sources, V1 rules, each
     *         source range then each dirty range (flags, alignment, emptiness, bounds, then source
     *         id, offset and listing), address order and overlap, and last canonical encoding
     */
    public static Snapshot decode(byte[] bytes) throws SnapshotFormatException {
        Objects.requireNonNull(bytes, "bytes");
        org.ckbvm.proto.Snapshot message;
        try {
            // parseFrom(byte[]) checks every declared length against the bytes present and caps
            // nesting (unknown groups included) at 100 levels.
            message = org.ckbvm.proto.Snapshot.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new SnapshotFormatException(new Unparseable(String.valueOf(e.getMessage())));
        }
        validate(message);
        requireCanonical(message, bytes);
        return toValue(message);
    }

    /**
     * The message of a valid snapshot, for containers that embed snapshots in their own messages
     * (the scheduler's state); serialize the container with {@link #deterministicBytes}.
     *
     * @throws IllegalArgumentException if {@link #fromMessage} would refuse it
     */
    public static org.ckbvm.proto.Snapshot message(Snapshot snapshot) {
        org.ckbvm.proto.Snapshot message = toMessage(snapshot);
        try {
            validate(message);
        } catch (SnapshotFormatException e) {
            throw new IllegalArgumentException("not a valid snapshot: " + e.getMessage(), e);
        }
        return message;
    }

    /**
     * The snapshot in an embedded message, with every check of {@link #decode} except the one on
     * canonical bytes, which belongs to the container: it must re-serialize its whole message and
     * compare, as {@link #decode} does.
     */
    public static Snapshot fromMessage(org.ckbvm.proto.Snapshot message) throws SnapshotFormatException {
        Objects.requireNonNull(message, "message");
        validate(message);
        return toValue(message);
    }

    // ---- value -> message -------------------------------------------------------------------

    private static org.ckbvm.proto.Snapshot toMessage(Snapshot s) {
        SnapshotHeader h = s.header();
        org.ckbvm.proto.Snapshot.Builder b = org.ckbvm.proto.Snapshot.newBuilder()
                .setHeader(MachineHeader.newBuilder()
                        .setFormatVersion(h.formatVersion())
                        .setMachineVersion(h.machineVersion())
                        .setIsa(h.isa())
                        .setCostModel(h.costModel())
                        .setMemorySize(h.memorySize()))
                .setKind(s.kind() == Snapshot.Kind.V1 ? SnapshotKind.SNAPSHOT_KIND_V1 : SnapshotKind.SNAPSHOT_KIND_V2);
        MachineRegisters r = s.state();
        for (long v : r.registers()) {
            b.addRegisters(v);
        }
        b.setPc(r.pc()).setCycles(r.cycles()).setMaxCycles(r.maxCycles()).setLoadReservation(r.loadReservation());
        // The accessors below return fresh copies, so wrapping them without another copy is safe.
        for (SourceId id : s.sources()) {
            b.addSources(UnsafeByteOperations.unsafeWrap(id.bytes()));
        }
        s.programSource().ifPresent(id -> b.setProgram(UnsafeByteOperations.unsafeWrap(id.bytes())));
        for (SourcePageRange p : s.sourcePages()) {
            b.addSourcePages(SourcePages.newBuilder()
                    .setAddress(p.address())
                    .setFlags(p.flags())
                    .setSourceId(UnsafeByteOperations.unsafeWrap(p.source().bytes()))
                    .setOffset(p.offset())
                    .setLength(p.length()));
        }
        for (DirtyPageRange p : s.dirtyPages()) {
            b.addDirtyPages(DirtyPages.newBuilder()
                    .setAddress(p.address())
                    .setFlags(p.flags())
                    .setContent(UnsafeByteOperations.unsafeWrap(p.content())));
        }
        return b.setStateRoot(UnsafeByteOperations.unsafeWrap(s.stateRoot())).build();
    }

    private static byte[] serialize(org.ckbvm.proto.Snapshot message) {
        return deterministicBytes(message);
    }

    /**
     * The deterministic protobuf encoding of any of the project's messages (snapshots here, the
     * store's records and export files in {@code store.proto}): one value, one byte string.
     */
    public static byte[] deterministicBytes(com.google.protobuf.Message message) {
        byte[] out = new byte[message.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        // A no-op for schemas without maps (all of ours today); it keeps the promise if one is added.
        stream.useDeterministicSerialization();
        try {
            message.writeTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to an array cannot fail", e);
        }
        stream.checkNoSpaceLeft();
        return out;
    }

    // ---- message -> value -------------------------------------------------------------------

    /** Only called on a validated message, so every constructor below accepts its arguments. */
    private static Snapshot toValue(org.ckbvm.proto.Snapshot m) {
        MachineHeader h = m.getHeader();
        SnapshotHeader header = new SnapshotHeader(h.getFormatVersion(), h.getMachineVersion(), h.getIsa(),
                h.getCostModel(), h.getMemorySize());
        Snapshot.Kind kind = m.getKindValue() == SnapshotKind.SNAPSHOT_KIND_V1_VALUE ? Snapshot.Kind.V1 : Snapshot.Kind.V2;
        long[] registers = new long[REGISTER_COUNT];
        for (int i = 0; i < REGISTER_COUNT; i++) {
            registers[i] = m.getRegisters(i);
        }
        MachineRegisters state = new MachineRegisters(registers, m.getPc(), m.getCycles(), m.getMaxCycles(),
                m.getLoadReservation());
        // One SourceId object per distinct id, shared by the source list and the page ranges.
        Map<ByteString, SourceId> ids = new HashMap<>();
        List<SourceId> sources = new ArrayList<>(m.getSourcesCount());
        for (ByteString id : m.getSourcesList()) {
            sources.add(ids.computeIfAbsent(id, k -> SourceId.of(k.toByteArray())));
        }
        SourceId program = m.getProgram().isEmpty() ? null
                : ids.computeIfAbsent(m.getProgram(), k -> SourceId.of(k.toByteArray()));
        List<SourcePageRange> sourcePages = new ArrayList<>(m.getSourcePagesCount());
        for (SourcePages p : m.getSourcePagesList()) {
            sourcePages.add(new SourcePageRange(p.getAddress(), p.getFlags(), ids.get(p.getSourceId()),
                    p.getOffset(), p.getLength()));
        }
        List<DirtyPageRange> dirtyPages = new ArrayList<>(m.getDirtyPagesCount());
        for (DirtyPages p : m.getDirtyPagesList()) {
            dirtyPages.add(new DirtyPageRange(p.getAddress(), p.getFlags(), p.getContent().toByteArray()));
        }
        return new Snapshot(kind, header, state, sources, sourcePages, dirtyPages, m.getStateRoot().toByteArray(),
                program);
    }

    // ---- checks -----------------------------------------------------------------------------

    /** Every semantic constraint of snapshot.proto; shared by encode and decode. */
    private static void validate(org.ckbvm.proto.Snapshot m) throws SnapshotFormatException {
        requireNoUnknownFields(m);
        long memorySize = validateHeader(m);
        int kind = m.getKindValue();
        if (kind != SnapshotKind.SNAPSHOT_KIND_V1_VALUE && kind != SnapshotKind.SNAPSHOT_KIND_V2_VALUE) {
            throw fail(new BadKind(kind));
        }
        boolean v1 = kind == SnapshotKind.SNAPSHOT_KIND_V1_VALUE;
        if (m.getRegistersCount() != REGISTER_COUNT) {
            throw fail(new BadRegisterCount(m.getRegistersCount()));
        }
        if (m.getStateRoot().size() != ROOT_LENGTH) {
            throw fail(new BadStateRootLength(m.getStateRoot().size()));
        }
        Set<ByteString> sources = new HashSet<>();
        for (int i = 0; i < m.getSourcesCount(); i++) {
            ByteString id = m.getSources(i);
            if (id.size() != SourceId.LENGTH) {
                throw fail(new BadSourceIdLength("sources[" + i + "]", id.size()));
            }
            sources.add(id);
        }
        if (!m.getProgram().isEmpty()) {
            if (m.getProgram().size() != SourceId.LENGTH) {
                throw fail(new BadSourceIdLength("program", m.getProgram().size()));
            }
            sources.add(m.getProgram());
        }
        if (v1 && m.getSourcePagesCount() > 0) {
            throw fail(new V1WithSourcePages(m.getSourcePagesCount()));
        }

        int sourceCount = m.getSourcePagesCount();
        long[] sourceStart = new long[sourceCount];
        long[] sourceEnd = new long[sourceCount];
        for (int i = 0; i < sourceCount; i++) {
            SourcePages p = m.getSourcePages(i);
            long length = p.getLength();
            validateRange(SOURCE_PAGES, i, p.getAddress(), p.getFlags(), length, ".length", memorySize);
            ByteString id = p.getSourceId();
            if (id.size() != SourceId.LENGTH) {
                throw fail(new BadSourceIdLength(name(SOURCE_PAGES, i) + ".source_id", id.size()));
            }
            // length is at most 1 GiB here, so -1 - length is the largest offset that fits.
            if (Long.compareUnsigned(p.getOffset(), -1L - length) > 0) {
                throw fail(new SourceOffsetOverflow(name(SOURCE_PAGES, i), p.getOffset(), length));
            }
            // A range may only name a listed source or the program, so a resumed machine can reach
            // only its own transaction's data, and resume need not trust ids from anywhere else.
            if (!sources.contains(id)) {
                throw fail(new UnlistedSource(name(SOURCE_PAGES, i), SourceId.of(id.toByteArray()).toHex()));
            }
            sourceStart[i] = p.getAddress();
            sourceEnd[i] = p.getAddress() + length;
        }

        int dirtyCount = m.getDirtyPagesCount();
        long[] dirtyStart = new long[dirtyCount];
        long[] dirtyEnd = new long[dirtyCount];
        for (int i = 0; i < dirtyCount; i++) {
            DirtyPages p = m.getDirtyPages(i);
            int length = p.getContent().size();
            validateRange(DIRTY_PAGES, i, p.getAddress(), p.getFlags(), length, ".content", memorySize);
            if (v1 && length != Memory.PAGE_SIZE) {
                throw fail(new V1MultiPageRange(name(DIRTY_PAGES, i), length));
            }
            dirtyStart[i] = p.getAddress();
            dirtyEnd[i] = p.getAddress() + length;
        }

        requireOrdered(SOURCE_PAGES, sourceStart, sourceEnd);
        requireOrdered(DIRTY_PAGES, dirtyStart, dirtyEnd);
        requireDisjoint(sourceStart, sourceEnd, dirtyStart, dirtyEnd);
    }

    private static void requireNoUnknownFields(org.ckbvm.proto.Snapshot m) throws SnapshotFormatException {
        requireEmpty("snapshot", m.getUnknownFields());
        if (m.hasHeader()) {
            requireEmpty("header", m.getHeader().getUnknownFields());
        }
        for (int i = 0; i < m.getSourcePagesCount(); i++) {
            requireEmpty(name(SOURCE_PAGES, i), m.getSourcePages(i).getUnknownFields());
        }
        for (int i = 0; i < m.getDirtyPagesCount(); i++) {
            requireEmpty(name(DIRTY_PAGES, i), m.getDirtyPages(i).getUnknownFields());
        }
    }

    private static void requireEmpty(String field, UnknownFieldSet unknown) throws SnapshotFormatException {
        if (!unknown.asMap().isEmpty()) {
            throw fail(new UnknownFields(field, List.copyOf(unknown.asMap().keySet())));
        }
    }

    /** Checks the header and returns the memory size. */
    private static long validateHeader(org.ckbvm.proto.Snapshot m) throws SnapshotFormatException {
        if (!m.hasHeader()) {
            throw fail(new MissingHeader());
        }
        MachineHeader h = m.getHeader();
        // uint32 fields arrive as Java ints; compare them unsigned so that 2^32 - 1 is not -1.
        if (h.getFormatVersion() != SnapshotHeader.FORMAT_VERSION) {
            throw fail(new UnsupportedFormatVersion(Integer.toUnsignedLong(h.getFormatVersion())));
        }
        if (Integer.compareUnsigned(h.getMachineVersion(), 2) > 0) {
            throw fail(new BadMachineVersion(Integer.toUnsignedLong(h.getMachineVersion())));
        }
        if ((h.getIsa() & ~0b111) != 0) {
            throw fail(new BadIsa(Integer.toUnsignedLong(h.getIsa())));
        }
        String costModel = h.getCostModel();
        if (!costModel.equals("ckb") && !costModel.equals("unit")) {
            throw fail(new BadCostModel(costModel.length() > MAX_QUOTED
                    ? costModel.substring(0, MAX_QUOTED) + "..." : costModel));
        }
        long memorySize = h.getMemorySize();
        // Negative as a long means at least 2^63 unsigned: too big.
        if (memorySize <= 0 || memorySize > Memory.MAX_SIZE || (memorySize & PAGE_MASK) != 0) {
            throw fail(new BadMemorySize(memorySize));
        }
        return memorySize;
    }

    /** Flags, alignment, emptiness and bounds of one range; {@code lengthField} names its length. */
    private static void validateRange(String list, int index, long address, int flags, long length,
                                      String lengthField, long memorySize) throws SnapshotFormatException {
        if ((flags & ~FLAG_MASK) != 0) {
            throw fail(new BadPageFlags(name(list, index) + ".flags", flags));
        }
        if ((address & PAGE_MASK) != 0) {
            throw fail(new RangeNotPageAligned(name(list, index) + ".address", address));
        }
        if (length == 0) {
            throw fail(new EmptyRange(name(list, index) + lengthField));
        }
        if ((length & PAGE_MASK) != 0) {
            throw fail(new RangeNotPageAligned(name(list, index) + lengthField, length));
        }
        // Unsigned and subtraction-based, so a huge address or length cannot wrap past the check.
        if (Long.compareUnsigned(address, memorySize) > 0 || Long.compareUnsigned(length, memorySize - address) > 0) {
            throw fail(new RangeOutOfBounds(name(list, index), address, length, memorySize));
        }
    }

    /** Strictly ascending, non-overlapping within one list. Bounds are checked: no overflow. */
    private static void requireOrdered(String list, long[] start, long[] end) throws SnapshotFormatException {
        for (int i = 1; i < start.length; i++) {
            if (start[i] <= start[i - 1]) {
                throw fail(new RangesOutOfOrder(name(list, i), name(list, i - 1)));
            }
            if (start[i] < end[i - 1]) {
                throw fail(new RangesOverlap(name(list, i), name(list, i - 1)));
            }
        }
    }

    /**
     * No page in both lists. Walks the two sorted lists in merged address order: once each list is
     * ordered, ranges are pairwise disjoint iff each one starts at or after the end of the one
     * before it in that merged order.
     */
    private static void requireDisjoint(long[] sourceStart, long[] sourceEnd, long[] dirtyStart, long[] dirtyEnd)
            throws SnapshotFormatException {
        int s = 0;
        int d = 0;
        long previousEnd = 0;
        boolean previousIsSource = false;
        boolean first = true;
        while (s < sourceStart.length || d < dirtyStart.length) {
            boolean takeSource = d == dirtyStart.length || (s < sourceStart.length && sourceStart[s] < dirtyStart[d]);
            long start = takeSource ? sourceStart[s] : dirtyStart[d];
            long end = takeSource ? sourceEnd[s] : dirtyEnd[d];
            if (!first && start < previousEnd) {
                // Within-list overlaps are already refused, so the previous range is from the other list.
                String previous = previousIsSource ? name(SOURCE_PAGES, s - 1) : name(DIRTY_PAGES, d - 1);
                String current = takeSource ? name(SOURCE_PAGES, s) : name(DIRTY_PAGES, d);
                throw fail(new RangesOverlap(current, previous));
            }
            first = false;
            previousEnd = end;
            previousIsSource = takeSource;
            if (takeSource) {
                s++;
            } else {
                d++;
            }
        }
    }

    /**
     * The bytes must be exactly what serializing the parsed message gives. Unknown fields are
     * already refused, so that is exactly {@code encode(toValue(message))}.
     */
    private static void requireCanonical(org.ckbvm.proto.Snapshot message, byte[] bytes)
            throws SnapshotFormatException {
        int size = message.getSerializedSize();
        if (size != bytes.length) {
            throw fail(new NonCanonicalEncoding("the value encodes to " + size + " bytes, got " + bytes.length));
        }
        int mismatch = Arrays.mismatch(serialize(message), bytes);
        if (mismatch >= 0) {
            throw fail(new NonCanonicalEncoding("differs from the value's encoding at byte " + mismatch));
        }
    }

    private static String name(String list, int index) {
        return list + "[" + index + "]";
    }

    private static SnapshotFormatException fail(SnapshotFormatError reason) {
        return new SnapshotFormatException(reason);
    }
}
