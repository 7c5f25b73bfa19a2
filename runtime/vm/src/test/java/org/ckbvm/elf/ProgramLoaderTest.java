package org.ckbvm.elf;

import static org.ckbvm.elf.TestElf.R;
import static org.ckbvm.elf.TestElf.W;
import static org.ckbvm.elf.TestElf.X;
import static org.ckbvm.elf.TestElf.elf;
import static org.ckbvm.elf.TestElf.load;
import static org.ckbvm.elf.TestElf.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgramLoaderTest {
    private static final int DIRTY = Memory.FLAG_DIRTY;
    private static final int FREEZED = Memory.FLAG_FREEZED;
    private static final int EXECUTABLE = Memory.FLAG_EXECUTABLE;

    private final Memory memory = new Memory(Memory.DEFAULT_SIZE);

    private long loadInto(TestElf t, int version) {
        byte[] bytes = t.build();
        return ProgramLoader.load(memory, bytes, ElfParser.parse(bytes, version), version);
    }

    private VmError loadError(TestElf t, int version) {
        return assertThrows(VmException.class, () -> loadInto(t, version)).error();
    }

    @Test
    void mapsPayloadWithZeroPaddingAroundIt() {
        byte[] payload = pattern(100);
        assertEquals(100, loadInto(elf().segment(load(R, 0x20010, payload).memsz(0x1800)), MachineVersion.V1));
        assertArrayEquals(new byte[0x10], memory.loadBytes(0x20000, 0x10));
        assertArrayEquals(payload, memory.loadBytes(0x20010, 100));
        assertArrayEquals(new byte[0x2000 - 0x10 - 100], memory.loadBytes(0x20010 + 100, 0x2000 - 0x10 - 100));
        assertEquals(DIRTY | FREEZED, memory.flag(0x20));
        assertEquals(DIRTY | FREEZED, memory.flag(0x21));
        assertEquals(0, memory.flag(0x1f));
        assertEquals(0, memory.flag(0x22));
    }

    @Test
    void loadingOverwritesWhateverWasThere() {
        memory.fill(0x5000, 0x1000, (byte) 0x5a);
        loadInto(elf().segment(load(R | W, 0x5008, pattern(8))), MachineVersion.V1);
        assertArrayEquals(new byte[8], memory.loadBytes(0x5000, 8));
        assertArrayEquals(pattern(8), memory.loadBytes(0x5008, 8));
        assertArrayEquals(new byte[0x1000 - 16], memory.loadBytes(0x5010, 0x1000 - 16));
    }

    @Test
    void fileSizeLargerThanMappingIsTruncatedButFullyCharged() {
        byte[] payload = pattern(0x3000);
        TestElf t = elf().segment(load(R, 0x10ffc, payload).memsz(2)); // maps one page: 4 bytes fit
        assertEquals(0x3000, loadInto(t, MachineVersion.V1));
        assertArrayEquals(Arrays.copyOf(payload, 4), memory.loadBytes(0x10ffc, 4));
        assertEquals(0, memory.flag(0x11));
        assertEquals(0, memory.load8(0x11000));
    }

    @Test
    void returnsSumOfFileSizesOfLoadSegmentsOnly() {
        TestElf t = elf()
                .segment(load(R | X, 0x10000, pattern(130)))
                .segment(load(R, 0x0, pattern(45)).type(0x70000003).memsz(0))
                .segment(load(R | W, 0x12000, pattern(7)).memsz(0x5000))
                .segment(load(R, 0x20000, new byte[0]).memsz(0x100));
        assertEquals(137, loadInto(t, MachineVersion.V0));
    }

    @Test
    void writableSegmentFlagsDifferByVersion() {
        TestElf t = elf().segment(load(R | W, 0x30000, pattern(16)));
        loadInto(t, MachineVersion.V0);
        assertEquals(DIRTY | FREEZED, memory.flag(0x30));
        Memory v1 = new Memory(Memory.DEFAULT_SIZE);
        byte[] bytes = t.build();
        ProgramLoader.load(v1, bytes, ElfParser.parse(bytes, MachineVersion.V1), MachineVersion.V1);
        assertEquals(DIRTY, v1.flag(0x30));
        // and a V1 writable segment really is writable afterwards
        v1.store64(0x30000, -1L);
    }

    @Test
    void codeAndReadOnlyFlags() {
        loadInto(elf().segment(load(R | X, 0x10000, pattern(16))).segment(load(R, 0x11000, pattern(16))),
                MachineVersion.V2);
        assertEquals(DIRTY | FREEZED | EXECUTABLE, memory.flag(0x10));
        assertEquals(DIRTY | FREEZED, memory.flag(0x11));
    }

    @Test
    void overlappingSegmentOnFrozenPageFails() {
        // V0: every segment is frozen, so two data segments sharing a page fail
        TestElf t = elf().segment(load(R | W, 0x40000, pattern(16))).segment(load(R | W, 0x40800, pattern(16)));
        assertInstanceOf(VmError.MemWriteOnFreezedPage.class, loadError(t, MachineVersion.V0));
        // V1: code then data on the same page fails too (code is frozen)
        Memory m = new Memory(Memory.DEFAULT_SIZE);
        TestElf u = elf().segment(load(R | X, 0x40000, pattern(16))).segment(load(R | W, 0x40800, pattern(16)));
        byte[] bytes = u.build();
        VmException e = assertThrows(VmException.class,
                () -> ProgramLoader.load(m, bytes, ElfParser.parse(bytes, MachineVersion.V1), MachineVersion.V1));
        assertInstanceOf(VmError.MemWriteOnFreezedPage.class, e.error());
    }

    @Test
    void version1WritableSegmentsMayShareAPageAndTheLaterOneZeroesItsPad() {
        // CKB quirk: the second init_pages zero-fills [page start, p_vaddr), wiping the end of the
        // first segment on that page
        TestElf t = elf()
                .segment(load(R | W, 0x40000, pattern(0x900)))
                .segment(load(R | W, 0x40800, pattern(0x10)));
        assertEquals(0x910, loadInto(t, MachineVersion.V1));
        assertArrayEquals(new byte[0x800], memory.loadBytes(0x40000, 0x800));
        assertArrayEquals(pattern(0x10), memory.loadBytes(0x40800, 0x10));
        assertEquals(0, memory.load8(0x40810)); // the first segment's bytes past 0x810 are zeroed too
        assertEquals(DIRTY, memory.flag(0x40));
    }

    @Test
    void segmentBeyondMemoryIsOutOfBound() {
        assertInstanceOf(VmError.MemOutOfBound.class,
                loadError(elf().segment(load(R, Memory.DEFAULT_SIZE, pattern(4))), MachineVersion.V1));
        assertInstanceOf(VmError.MemOutOfBound.class,
                loadError(elf().segment(load(R, Memory.DEFAULT_SIZE - 0x1000, pattern(4)).memsz(0x1001)),
                        MachineVersion.V1));
        assertInstanceOf(VmError.MemOutOfBound.class,
                loadError(elf().segment(load(R, 0xffff_ffff_ffff_f000L, pattern(4))), MachineVersion.V0));
        assertInstanceOf(VmError.MemOutOfBound.class,
                loadError(elf().segment(load(R, 0x1000, pattern(4)).memsz(0xffff_ffff_ffff_f000L)), MachineVersion.V1));
        // the last page of memory is fine
        loadInto(elf().segment(load(R, Memory.DEFAULT_SIZE - 0x1000, pattern(4)).memsz(0x1000)), MachineVersion.V1);
    }

    @Test
    void smallerMemoryBoundsSegments() {
        Memory small = new Memory(512 << 10); // the big_binary test runs with 512 KiB
        byte[] bytes = elf().segment(load(R, 0x80000, pattern(4))).build();
        VmException e = assertThrows(VmException.class,
                () -> ProgramLoader.load(small, bytes, ElfParser.parse(bytes, 1), 1));
        assertInstanceOf(VmError.MemOutOfBound.class, e.error());
    }

    @Test
    void unalignedExecutableSegmentFailsOnVersion0Only() {
        TestElf t = elf().segment(load(R | X, 0x10078, pattern(32)));
        assertInstanceOf(VmError.MemWriteOnExecutablePage.class, loadError(t, MachineVersion.V0));
        Memory m = new Memory(Memory.DEFAULT_SIZE);
        byte[] bytes = t.build();
        assertEquals(32, ProgramLoader.load(m, bytes, ElfParser.parse(bytes, MachineVersion.V1), MachineVersion.V1));
        assertArrayEquals(pattern(32), m.loadBytes(0x10078, 32));
        assertEquals(DIRTY | FREEZED | EXECUTABLE, m.flag(0x10));
    }

    @Test
    void version0ExtraStoreIsANoOpForAlignedCodeAndHarmlessForData() {
        assertEquals(32, loadInto(elf().segment(load(R | X, 0x10000, pattern(32))), MachineVersion.V0));
        assertEquals(32, loadInto(elf().segment(load(R | W, 0x20078, pattern(32))), MachineVersion.V0));
        assertArrayEquals(new byte[0x78], memory.loadBytes(0x20000, 0x78));
        assertArrayEquals(pattern(32), memory.loadBytes(0x20078, 32));
        assertEquals(DIRTY | FREEZED, memory.flag(0x20));
        assertEquals(32, loadInto(elf().segment(load(R, 0x30001, pattern(32))), MachineVersion.V0));
    }

    @Test
    void failureStopsAtTheFailingSegmentAfterEarlierOnesAreMapped() {
        TestElf t = elf()
                .segment(load(R | X, 0x10000, pattern(8)))
                .segment(load(R, Memory.DEFAULT_SIZE + 0x1000, pattern(8)));
        assertInstanceOf(VmError.MemOutOfBound.class, loadError(t, MachineVersion.V1));
        assertArrayEquals(pattern(8), memory.loadBytes(0x10000, 8));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void emptyMemoryImageSegmentIsANoOp(int version) {
        // memsz 0 at an aligned vaddr: size 0, init_pages does nothing (even at the end of memory)
        TestElf t = elf()
                .segment(load(R | X, 0x10000, pattern(4)).memsz(0))
                .segment(load(R, Memory.DEFAULT_SIZE, pattern(6)).memsz(0));
        assertEquals(10, loadInto(t, version));
        assertEquals(0, memory.flag(0x10));
        assertEquals(0, memory.load8(0x10000));
    }

    @Test
    void emptySegmentPastTheEndOfMemoryIsOutOfBound() {
        TestElf t = elf().segment(load(R, Memory.DEFAULT_SIZE + 0x1000, pattern(4)).memsz(0));
        assertInstanceOf(VmError.MemOutOfBound.class, loadError(t, MachineVersion.V1));
    }

    @Test
    void wrappedSizeWithPaddingIsOutOfBound() {
        // memsz + pad wraps to 0 while pad = 2: offset_from_addr > size
        TestElf t = elf().segment(load(R, 0x10002, pattern(4)).memsz(-2L));
        assertInstanceOf(VmError.MemOutOfBound.class, loadError(t, MachineVersion.V1));
    }

    @Test
    void mismatchedProgramIsRejectedAsProgrammingError() {
        byte[] bytes = elf().segment(load(R, 0x1000, pattern(40))).build();
        ElfProgram p = ElfParser.parse(bytes, 1);
        assertThrows(IllegalArgumentException.class,
                () -> ProgramLoader.load(memory, Arrays.copyOf(bytes, 100), p, 1));
    }
}
