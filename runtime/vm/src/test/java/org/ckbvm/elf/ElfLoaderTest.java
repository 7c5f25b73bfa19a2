package org.ckbvm.elf;

import static org.ckbvm.elf.TestElf.R;
import static org.ckbvm.elf.TestElf.X;
import static org.ckbvm.elf.TestElf.elf;
import static org.ckbvm.elf.TestElf.load;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElfLoaderTest {

    /** {@code c.li a0,0; addi a7,x0,93; ecall}. */
    private static final byte[] EXIT0 = {0x01, 0x45, (byte) 0x93, 0x08, (byte) 0xd0, 0x05, 0x73, 0x00, 0x00, 0x00};

    /** A file shaped like ckb's always_success: one R+X PT_LOAD with p_filesz 130. */
    private static byte[] alwaysSuccessLike() {
        byte[] payload = new byte[130];
        System.arraycopy(EXIT0, 0, payload, 120, EXIT0.length);
        return elf().entry(0x10078 + 120).segment(load(R | X, 0x10078, payload)).build();
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ElfLoaderTest.class.getResourceAsStream("/elf/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    // ---- docs/CKB_VM.md §6: the always_success worked example --------------------------------------

    @Test
    void alwaysSuccessVersion0Costs35Cycles() {
        // the segment's vaddr is unaligned but V0's zero-fill store on code only fails when the pad
        // is non-zero: use an aligned copy for V0
        byte[] payload = new byte[130];
        System.arraycopy(EXIT0, 0, payload, 0, EXIT0.length);
        byte[] bytes = elf().entry(0x10000).segment(load(R | X, 0x10000, payload)).build();
        Memory memory = new Memory(Memory.DEFAULT_SIZE);
        LoadedProgram p = ElfLoader.load(memory, bytes, List.of(), MachineVersion.V0);
        assertEquals(new LoadedProgram(0x10000, Memory.DEFAULT_SIZE - 8, 130, 8, p.program()), p);
        assertEquals(138, p.totalBytes());
        assertEquals(35, p.loadCycles());
        assertEquals(35 + 1 + 1 + 500, p.loadCycles() + 502);
        assertEquals(0x4501, memory.fetch16(p.entry()));
        assertEquals(0x05d00893, memory.fetch32(p.entry() + 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void alwaysSuccessVersion1Costs37Cycles(int version) {
        Memory memory = new Memory(Memory.DEFAULT_SIZE);
        LoadedProgram p = ElfLoader.load(memory, alwaysSuccessLike(), List.of(), version);
        assertEquals(new LoadedProgram(0x10078 + 120, Memory.DEFAULT_SIZE - 16, 130, 16, p.program()), p);
        assertEquals(146, p.totalBytes());
        assertEquals(37, p.loadCycles());
        assertEquals(0x4501, memory.fetch16(p.entry()));
    }

    @Test
    void unalignedCodeSegmentFailsToLoadOnVersion0() {
        VmException e = assertThrows(VmException.class,
                () -> ElfLoader.load(new Memory(Memory.DEFAULT_SIZE), alwaysSuccessLike(), List.of(), MachineVersion.V0));
        assertInstanceOf(VmError.MemWriteOnExecutablePage.class, e.error());
    }

    // ---- a real toolchain-built ELF -----------------------------------------------------------------

    @Test
    void realElfFixtureParsesAsReadelfSays() throws IOException {
        byte[] bytes = fixture("always_success");
        ElfProgram p = ElfParser.parse(bytes, MachineVersion.V1);
        assertEquals(0x100b0, p.entry());
        assertEquals(List.of(new LoadingAction(0x10000, 0x1000, Memory.FLAG_EXECUTABLE | Memory.FLAG_FREEZED,
                0, 0xba, 0)), p.actions());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void realElfFixtureLoads(int version) throws IOException {
        byte[] bytes = fixture("always_success");
        Memory memory = new Memory(Memory.DEFAULT_SIZE);
        LoadedProgram p = ElfLoader.load(memory, bytes, List.of(), version);
        long stack = version == 0 ? 8 : 16;
        assertEquals(new LoadedProgram(0x100b0, Memory.DEFAULT_SIZE - stack, 186, stack, p.program()), p);
        assertEquals(version == 0 ? 49 : 51, p.loadCycles());
        assertArrayEquals(EXIT0, memory.loadBytes(0x100b0, EXIT0.length));
        // the whole file prefix up to filesz is mapped, ELF header included
        assertArrayEquals(java.util.Arrays.copyOf(bytes, 0xba), memory.loadBytes(0x10000, 0xba));
        assertEquals(0, memory.load8(0x100ba));
        assertEquals(Memory.FLAG_DIRTY | Memory.FLAG_EXECUTABLE | Memory.FLAG_FREEZED, memory.flag(0x10));
    }

    // ---- the facade ---------------------------------------------------------------------------------

    @Test
    void stackGoesInTheTopQuarterOfTheGivenMemory() {
        long size = 512 << 10;
        Memory memory = new Memory(size);
        byte[] bytes = elf().entry(0x10000).segment(load(R | X, 0x10000, EXIT0)).build();
        List<byte[]> args = List.of("arg".getBytes(StandardCharsets.US_ASCII));
        LoadedProgram p = ElfLoader.load(memory, bytes, args, MachineVersion.V2);
        // "arg\0" at top - 4; argc, argv[0], NULL = 24 bytes: top - 28 -> top - 32
        assertEquals(size - 32, p.sp());
        assertEquals(32, p.stackBytes());
        assertEquals(EXIT0.length, p.elfBytes());
        assertEquals(1, memory.load64(p.sp()));
        assertEquals(size - 4, memory.load64(p.sp() + 8));
        assertEquals(0, memory.load64(p.sp() + 16));
        assertEquals(11, p.loadCycles()); // ceil((10 + 32) / 4)
    }

    @Test
    void stackLargerThanAQuarterOfMemoryIsMemOutOfStack() {
        Memory memory = new Memory(64 << 10);
        byte[] bytes = elf().entry(0x1000).segment(load(R | X, 0x1000, EXIT0)).build();
        List<byte[]> args = List.of(new byte[16 << 10]); // exactly the region: the vector does not fit
        VmException e = assertThrows(VmException.class, () -> ElfLoader.load(memory, bytes, args, MachineVersion.V1));
        assertInstanceOf(VmError.MemOutOfStack.class, e.error());
    }

    @Test
    void parseErrorsComeBeforeAnyMemoryWrite() {
        Memory memory = new Memory(Memory.DEFAULT_SIZE);
        byte[] bytes = elf()
                .segment(load(R | X, 0x10000, EXIT0))
                .segment(load(X, 0x20000, EXIT0))
                .build();
        VmException e = assertThrows(VmException.class, () -> ElfLoader.load(memory, bytes, List.of(), 1));
        assertInstanceOf(VmError.ElfSegmentUnreadable.class, e.error());
        assertEquals(0, memory.flag(0x10));
    }

    @Test
    void loadErrorsComeBeforeTheStack() {
        Memory memory = new Memory(Memory.DEFAULT_SIZE);
        byte[] bytes = elf().segment(load(R, Memory.DEFAULT_SIZE, EXIT0)).build();
        VmException e = assertThrows(VmException.class, () -> ElfLoader.load(memory, bytes, List.of(), 0));
        assertInstanceOf(VmError.MemOutOfBound.class, e.error());
        assertEquals(0, memory.flag(memory.pageCount() - 1));
    }

    @Test
    void loadCyclesRoundUp() {
        assertEquals(0, new LoadedProgram(0, 0, 0, 0, null).loadCycles());
        assertEquals(1, new LoadedProgram(0, 0, 1, 0, null).loadCycles());
        assertEquals(1, new LoadedProgram(0, 0, 2, 2, null).loadCycles());
        assertEquals(2, new LoadedProgram(0, 0, 4, 1, null).loadCycles());
        assertEquals(3831 / 4 + 1, new LoadedProgram(0, 0, 3831, 0, null).loadCycles());
    }
}
