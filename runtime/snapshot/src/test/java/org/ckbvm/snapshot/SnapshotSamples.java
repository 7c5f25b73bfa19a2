package org.ckbvm.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;

/** Snapshot values and protobuf messages shared by the codec tests. */
final class SnapshotSamples {
    private SnapshotSamples() {}

    static final int PAGE = Memory.PAGE_SIZE;
    static final int F = Memory.FLAG_FREEZED;
    static final int X = Memory.FLAG_EXECUTABLE;
    static final int D = Memory.FLAG_DIRTY;

    static SourceId id(int seed) {
        byte[] b = new byte[32];
        new Random(seed).nextBytes(b);
        return SourceId.of(b);
    }

    static byte[] pages(int seed, int count) {
        byte[] b = new byte[count * PAGE];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] root(int seed) {
        byte[] b = new byte[32];
        new Random(~seed).nextBytes(b);
        return b;
    }

    static long[] registers(long seed) {
        long[] r = new long[32];
        Random random = new Random(seed);
        for (int i = 1; i < 32; i++) {
            r[i] = random.nextLong();
        }
        return r;
    }

    static SnapshotHeader header(int machineVersion, String costModel, long memorySize) {
        return new SnapshotHeader(SnapshotHeader.FORMAT_VERSION, machineVersion, 0b011, costModel, memorySize);
    }

    /** V1, 4 MiB: three single dirty pages (code, data, stack top). */
    static Snapshot v1() {
        return new Snapshot(Snapshot.Kind.V1, header(1, "ckb", Memory.DEFAULT_SIZE),
                new MachineRegisters(registers(1), 0x10078, 12_345, 70_000_000, -1L),
                List.of(id(1)), List.of(),
                List.of(new DirtyPageRange(0x10000, F | X | D, pages(1, 1)),
                        new DirtyPageRange(0x11000, D, pages(2, 1)),
                        new DirtyPageRange(Memory.DEFAULT_SIZE - PAGE, D, pages(3, 1))),
                root(1));
    }

    /**
     * V2, 4 MiB: source pages from two of three sources (one listed twice), dirty runs between
     * and after them, touching but never sharing a page.
     */
    static Snapshot v2() {
        SourceId a = id(10);
        SourceId b = id(11);
        return new Snapshot(Snapshot.Kind.V2, header(2, "ckb", Memory.DEFAULT_SIZE),
                new MachineRegisters(registers(2), 0x10100, 5_000, Long.MAX_VALUE, -1L),
                List.of(a, b, id(12), a),
                List.of(new SourcePageRange(0x10000, F | X, a, 0x1000, 3 * PAGE),
                        new SourcePageRange(0x20000, F, b, 0x123, PAGE),
                        new SourcePageRange(0x30000, 0, a, 0, 2 * PAGE)),
                List.of(new DirtyPageRange(0x13000, F | X | D, pages(4, 1)),
                        new DirtyPageRange(0x21000, D, pages(5, 2)),
                        new DirtyPageRange(Memory.DEFAULT_SIZE - PAGE, D, pages(6, 1))),
                root(2));
    }

    /** V2 with source pages only: every byte of its encoding is structure, no page content. */
    static Snapshot v2SourcesOnly() {
        SourceId a = id(20);
        SourceId b = id(21);
        return new Snapshot(Snapshot.Kind.V2, header(2, "unit", 1L << 20),
                new MachineRegisters(registers(3), 0x1_0000, 1, 2, 0x8000),
                List.of(a, b),
                List.of(new SourcePageRange(0, F | X, a, 0, PAGE),
                        new SourcePageRange(0x1000, F, b, 0x40, 2 * PAGE),
                        new SourcePageRange(0x8000, 0, a, -1L - 0x1000 - PAGE + 1, PAGE)),
                List.of(), root(3));
    }

    static org.ckbvm.proto.Snapshot message(Snapshot s) {
        try {
            return org.ckbvm.proto.Snapshot.parseFrom(SnapshotCodec.encode(s));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    static org.ckbvm.proto.Snapshot.Builder v2Builder() {
        return message(v2()).toBuilder();
    }

    static org.ckbvm.proto.Snapshot.Builder v1Builder() {
        return message(v1()).toBuilder();
    }

    static ByteString bytes(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return ByteString.copyFrom(b);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Asserts decode refuses {@code bytes} with a reason of {@code type}, and returns it. */
    static <T extends SnapshotFormatError> T rejected(Class<T> type, byte[] bytes) {
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.decode(bytes));
        T reason = assertInstanceOf(type, e.reason(), e::getMessage);
        assertEquals(reason.message(), e.getMessage());
        return reason;
    }

    static <T extends SnapshotFormatError> T rejected(Class<T> type, org.ckbvm.proto.Snapshot.Builder message) {
        return rejected(type, message.build().toByteArray());
    }

    static List<SourcePageRange> sourceRanges(SourceId id, long... addressLengthPairs) {
        List<SourcePageRange> out = new ArrayList<>();
        for (int i = 0; i < addressLengthPairs.length; i += 2) {
            out.add(new SourcePageRange(addressLengthPairs[i], 0, id, 0, addressLengthPairs[i + 1]));
        }
        return out;
    }
}
