package org.ckbvm.snapshot;

import static org.ckbvm.snapshot.SnapshotSamples.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.junit.jupiter.api.Test;

/** Valid snapshots survive encode/decode unchanged, and their encoding is deterministic and canonical. */
class SnapshotCodecRoundTripTest {

    /** decode(encode(s)) == s and encode(decode(b)) == b, twice over. */
    private static byte[] assertRoundTrip(Snapshot s) throws SnapshotFormatException {
        byte[] bytes = SnapshotCodec.encode(s);
        Snapshot back = SnapshotCodec.decode(bytes);
        assertEquals(s, back);
        assertArrayEquals(bytes, SnapshotCodec.encode(back));
        assertArrayEquals(bytes, SnapshotCodec.encode(s), "encoding the same value twice");
        return bytes;
    }

    @Test
    void v1RoundTrips() throws Exception {
        assertRoundTrip(v1());
    }

    @Test
    void v2RoundTrips() throws Exception {
        assertRoundTrip(v2());
        assertRoundTrip(v2SourcesOnly());
    }

    @Test
    void u64EdgeValuesRoundTrip() throws Exception {
        long[] max = new long[32];
        Arrays.fill(max, -1L);
        long[] signBit = new long[32];
        Arrays.fill(signBit, Long.MIN_VALUE);
        for (long[] registers : List.of(max, signBit, new long[32])) {
            for (long v : new long[] {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1L}) {
                for (Snapshot.Kind kind : Snapshot.Kind.values()) {
                    Snapshot s = new Snapshot(kind, header(0, "unit", Memory.DEFAULT_SIZE),
                            new MachineRegisters(registers, v, v, v, v), List.of(), List.of(), List.of(), root(7));
                    assertRoundTrip(s);
                }
            }
        }
    }

    @Test
    void emptyPageListsAndZeroValuesRoundTrip() throws Exception {
        // Every scalar at its default: proto3 omits them, leaving header, kind, the 32 packed
        // registers (a repeated field is written even when zero: 3 + 256 bytes) and the root.
        Snapshot s = new Snapshot(Snapshot.Kind.V1, new SnapshotHeader(1, 0, 0, "ckb", Memory.PAGE_SIZE),
                new MachineRegisters(new long[32], 0, 0, 0, 0), List.of(), List.of(), List.of(), new byte[32]);
        byte[] bytes = assertRoundTrip(s);
        assertTrue(bytes.length < 320, "only header, kind, registers and root are written: " + bytes.length);
    }

    @Test
    void everyHeaderCombinationRoundTrips() throws Exception {
        for (int version = 0; version <= 2; version++) {
            for (int isa = 0; isa <= 0b111; isa++) {
                for (String costModel : List.of("ckb", "unit")) {
                    for (long memory : new long[] {Memory.PAGE_SIZE, Memory.DEFAULT_SIZE, Memory.MAX_SIZE}) {
                        Snapshot s = new Snapshot(Snapshot.Kind.V2,
                                new SnapshotHeader(1, version, isa, costModel, memory),
                                new MachineRegisters(registers(version), 4, 5, 6, 7), List.of(), List.of(),
                                List.of(new DirtyPageRange(memory - PAGE, isa, pages(isa, 1))), root(isa));
                        assertRoundTrip(s);
                    }
                }
            }
        }
    }

    @Test
    void rangesAtTheEndOfTheLargestMemoryRoundTrip() throws Exception {
        SourceId a = id(1);
        Snapshot s = new Snapshot(Snapshot.Kind.V2, header(2, "ckb", Memory.MAX_SIZE),
                new MachineRegisters(registers(9), 0, 0, 0, 0), List.of(a),
                List.of(new SourcePageRange(0, 0b111, a, -1L - (Memory.MAX_SIZE - PAGE), Memory.MAX_SIZE - PAGE)),
                List.of(new DirtyPageRange(Memory.MAX_SIZE - PAGE, 0b111, pages(1, 1))), root(9));
        assertRoundTrip(s);
    }

    @Test
    void manyRangesRoundTrip() throws Exception {
        // 2000 alternating source and dirty runs, all touching, plus 300 listed sources.
        List<SourceId> sources = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sources.add(id(i % 250)); // duplicates are allowed: two cells may hold equal data
        }
        List<SourcePageRange> sourcePages = new ArrayList<>();
        List<DirtyPageRange> dirtyPages = new ArrayList<>();
        long address = 0;
        for (int i = 0; i < 2000; i++) {
            int pageCount = 1 + i % 3;
            if (i % 2 == 0) {
                sourcePages.add(new SourcePageRange(address, i & 0b011, sources.get(i % 300), i * 7L,
                        (long) pageCount * PAGE));
            } else {
                dirtyPages.add(new DirtyPageRange(address, i & 0b111, pages(i, pageCount)));
            }
            address += (long) pageCount * PAGE;
        }
        Snapshot s = new Snapshot(Snapshot.Kind.V2, header(2, "ckb", Memory.MAX_SIZE),
                new MachineRegisters(registers(4), 1, 2, 3, 4), sources, sourcePages, dirtyPages, root(4));
        assertRoundTrip(s);

        List<DirtyPageRange> singles = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            singles.add(new DirtyPageRange((long) i * 2 * PAGE, D | (i & 3), pages(i, 1)));
        }
        assertRoundTrip(new Snapshot(Snapshot.Kind.V1, header(1, "ckb", Memory.MAX_SIZE),
                new MachineRegisters(registers(5), 1, 2, 3, 4), List.of(), List.of(), singles, root(5)));
    }

    @Test
    void equalValuesBuiltSeparatelyEncodeEqually() {
        assertArrayEquals(SnapshotCodec.encode(v2()), SnapshotCodec.encode(v2()));
        assertArrayEquals(SnapshotCodec.encode(v1()), SnapshotCodec.encode(v1()));
    }

    @Test
    void decodedSourceIdsAreSharedAndValuesIndependentOfTheInput() throws Exception {
        byte[] bytes = SnapshotCodec.encode(v2());
        Snapshot s = SnapshotCodec.decode(bytes);
        Arrays.fill(bytes, (byte) 0);
        assertEquals(v2(), s);
        assertEquals(s.sources().get(0), s.sourcePages().get(0).source());
        assertNotSame(s.dirtyPages().get(0).content(), s.dirtyPages().get(0).content());
    }

    @Test
    void encodeRefusesAnInvalidValueWithTheReason() {
        Snapshot unaligned = new Snapshot(Snapshot.Kind.V2, header(2, "ckb", Memory.DEFAULT_SIZE),
                new MachineRegisters(new long[32], 0, 0, 0, 0), List.of(), List.of(),
                List.of(new DirtyPageRange(0x800, D, pages(1, 1))), root(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnapshotCodec.encode(unaligned));
        SnapshotFormatException cause = assertInstanceOf(SnapshotFormatException.class, e.getCause());
        assertEquals(new SnapshotFormatError.RangeNotPageAligned("dirty_pages[0].address", 0x800), cause.reason());

        Snapshot badRoot = new Snapshot(Snapshot.Kind.V1, header(2, "ckb", Memory.DEFAULT_SIZE),
                new MachineRegisters(new long[32], 0, 0, 0, 0), List.of(), List.of(), List.of(), new byte[31]);
        e = assertThrows(IllegalArgumentException.class, () -> SnapshotCodec.encode(badRoot));
        assertEquals(new SnapshotFormatError.BadStateRootLength(31),
                ((SnapshotFormatException) e.getCause()).reason());

        Snapshot upperCaseModel = new Snapshot(Snapshot.Kind.V1, header(2, "CKB", Memory.DEFAULT_SIZE),
                new MachineRegisters(new long[32], 0, 0, 0, 0), List.of(), List.of(), List.of(), root(1));
        assertThrows(IllegalArgumentException.class, () -> SnapshotCodec.encode(upperCaseModel));
    }
}
