package org.ckbvm.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.memory.Memory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stack is pre-filled with 0xAA so every byte the initializer writes (and every byte it does
 * not) is visible: V0's 32-bit pushes leave the upper half of each 8-byte slot untouched.
 */
class StackInitializerTest {
    private static final long M = Memory.DEFAULT_SIZE;
    private static final long TOP = M;
    private static final long START = M - M / 4;
    private static final long SIZE = M / 4;
    private static final long FILL = 0xaaaa_aaaa_aaaa_aaaaL;
    private static final int TOP_PAGE = (int) (M / Memory.PAGE_SIZE) - 1;

    private Memory memory;

    @BeforeEach
    void setUp() {
        memory = new Memory(M);
    }

    private void prefill() {
        memory.fill(TOP - 4096, 4096, (byte) 0xaa);
        memory.clearFlag(TOP_PAGE, Memory.FLAG_DIRTY);
    }

    private static List<byte[]> args(String... values) {
        List<byte[]> list = new ArrayList<>();
        for (String v : values) {
            list.add(v.getBytes(StandardCharsets.UTF_8));
        }
        return list;
    }

    private StackInitializer.Result init(List<byte[]> args, int version) {
        return StackInitializer.initialize(memory, args, START, SIZE, version);
    }

    private void assertCString(long addr, String expected) {
        byte[] b = expected.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(b, memory.loadBytes(addr, b.length));
        assertEquals(0, memory.load8(addr + b.length));
    }

    @Test
    void regionIsTheTopQuarterOfMemory() {
        assertEquals(3 << 20, StackInitializer.stackStart(4 << 20));
        assertEquals(1 << 20, StackInitializer.stackSize(4 << 20));
        assertEquals(384 << 10, StackInitializer.stackStart(512 << 10));
        assertEquals(128 << 10, StackInitializer.stackSize(512 << 10));
    }

    // ---- no arguments (CKB's case) ------------------------------------------------------------------

    @Test
    void version0WithoutArgsPushesArgcWithOne32BitStore() {
        prefill();
        StackInitializer.Result r = init(List.of(), MachineVersion.V0);
        assertEquals(TOP - 8, r.sp());
        assertEquals(8, r.bytes());
        assertEquals(0, memory.load32(TOP - 8));                 // argc = 0
        assertEquals(0xaaaa_aaaaL, memory.load32(TOP - 4));       // upper half untouched
        assertEquals(FILL, memory.load64(TOP - 16));
        assertEquals(Memory.FLAG_DIRTY, memory.flag(TOP_PAGE));   // it did write
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void version1WithoutArgsWritesNothing(int version) {
        prefill();
        StackInitializer.Result r = init(List.of(), version);
        assertEquals(TOP - 16, r.sp());
        assertEquals(16, r.bytes());
        assertEquals(FILL, memory.load64(TOP - 8));
        assertEquals(FILL, memory.load64(TOP - 16));
        assertEquals(0, memory.flag(TOP_PAGE));                   // no store at all
    }

    @Test
    void version1WithoutArgsAlignsAnUnalignedTop() {
        // (top - 8) & ~15 with top = START + 0x1004: 0x...ff0, 20 bytes
        StackInitializer.Result r = StackInitializer.initialize(memory, List.of(), START, 0x1004, MachineVersion.V1);
        assertEquals(START + 0xff0, r.sp());
        assertEquals(0x14, r.bytes());
        // and never reports MemOutOfStack, even for an empty region
        StackInitializer.Result empty = StackInitializer.initialize(memory, List.of(), START, 0, MachineVersion.V1);
        assertEquals(START - 16, empty.sp());
    }

    // ---- one argument -------------------------------------------------------------------------------

    @Test
    void version0OneArg() {
        prefill();
        StackInitializer.Result r = init(args("hello"), MachineVersion.V0);
        long str = TOP - 6;
        long sp = str - 16; // no alignment: argc + argv[0], 8 bytes each
        assertEquals(sp, r.sp());
        assertEquals(22, r.bytes());
        assertCString(str, "hello");
        assertEquals(1, memory.load32(sp));
        assertEquals(0xaaaa_aaaaL, memory.load32(sp + 4));
        assertEquals(str, memory.load32(sp + 8));
        assertEquals(0xaaaa_aaaaL, memory.load32(sp + 12));
        assertEquals(FILL, memory.load64(sp - 8));                // no NULL terminator slot below/above
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void version1OneArg(int version) {
        prefill();
        StackInitializer.Result r = init(args("hello"), version);
        long str = TOP - 6;
        // values argc, argv[0], NULL: 24 bytes; (str - 24) = TOP - 30 -> aligned down to TOP - 32
        long sp = TOP - 32;
        assertEquals(sp, r.sp());
        assertEquals(32, r.bytes());
        assertCString(str, "hello");
        assertEquals(1, memory.load64(sp));
        assertEquals(str, memory.load64(sp + 8));
        assertEquals(0, memory.load64(sp + 16));
        // the 2 alignment bytes between the vector and the string are not written
        assertEquals(0xaaaa, memory.load16(sp + 24));
        assertEquals(FILL, memory.load64(sp - 8));
    }

    // ---- three arguments, including an empty one ---------------------------------------------------

    @Test
    void version0ThreeArgs() {
        prefill();
        StackInitializer.Result r = init(args("a", "", "xyz0123"), MachineVersion.V0);
        long a0 = TOP - 2;
        long a1 = a0 - 1;
        long a2 = a1 - 8;
        long sp = a2 - 32;
        assertEquals(sp, r.sp());
        assertEquals(TOP - sp, r.bytes());
        assertEquals(43, r.bytes());
        assertCString(a0, "a");
        assertCString(a1, "");
        assertCString(a2, "xyz0123");
        long[] expected = {3, a0, a1, a2};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], memory.load32(sp + 8L * i), "slot " + i);
            assertEquals(0xaaaa_aaaaL, memory.load32(sp + 8L * i + 4), "upper half of slot " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void version1ThreeArgs(int version) {
        prefill();
        StackInitializer.Result r = init(args("a", "", "xyz0123"), version);
        long a0 = TOP - 2;
        long a1 = a0 - 1;
        long a2 = a1 - 8;            // TOP - 11
        long unaligned = a2 - 40;    // 5 values
        long sp = unaligned & ~15L;  // TOP - 51 -> TOP - 64
        assertEquals(TOP - 64, sp);
        assertEquals(sp, r.sp());
        assertEquals(64, r.bytes());
        assertCString(a0, "a");
        assertCString(a1, "");
        assertCString(a2, "xyz0123");
        long[] expected = {3, a0, a1, a2, 0};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], memory.load64(sp + 8L * i), "slot " + i);
        }
        // alignment gap [sp + 40, a2) untouched
        for (long p = sp + 40; p < a2; p++) {
            assertEquals(0xaa, memory.load8(p));
        }
    }

    @Test
    void version1AlreadyAlignedNeedsNoGap() {
        // a 7-byte argument: strings end at TOP - 8; values 3 * 8 = 24 -> TOP - 32, aligned
        StackInitializer.Result r = init(args("1234567"), MachineVersion.V1);
        assertEquals(TOP - 32, r.sp());
        assertEquals(TOP - 8, memory.load64(r.sp() + 8));
    }

    // ---- the stack limit ----------------------------------------------------------------------------

    @Test
    void exactFitIsAllowed() {
        // V0, one 7-byte arg: 8 bytes string + 16 bytes vector = 24
        StackInitializer.Result r = StackInitializer.initialize(memory, args("1234567"), TOP - 24, 24, MachineVersion.V0);
        assertEquals(TOP - 24, r.sp());
    }

    @Test
    void argumentsLargerThanTheStackAreWrittenThenMemOutOfStack() {
        // the region is 16 bytes but the writes land below it first (CKB checks only at the end)
        VmException e = assertThrows(VmException.class,
                () -> StackInitializer.initialize(memory, args("1234567"), TOP - 16, 16, MachineVersion.V1));
        assertInstanceOf(VmError.MemOutOfStack.class, e.error());
        assertCString(TOP - 8, "1234567");
        assertEquals(1, memory.load64(TOP - 32));
        assertEquals(Memory.FLAG_DIRTY, memory.flag(TOP_PAGE));
    }

    @Test
    void argumentsRunningIntoCodeFailWithWriteOnExecutablePage() {
        // an executable page just below the stack region
        long codePage = START - Memory.PAGE_SIZE;
        memory.initPages(codePage, Memory.PAGE_SIZE, Memory.FLAG_EXECUTABLE | Memory.FLAG_FREEZED,
                new byte[0], 0, 0, 0);
        byte[] big = new byte[(int) SIZE];
        Arrays.fill(big, (byte) 'x');
        VmException e = assertThrows(VmException.class, () -> init(List.of(big), MachineVersion.V0));
        assertInstanceOf(VmError.MemWriteOnExecutablePage.class, e.error());
    }

    @Test
    void argumentsLargerThanMemoryWrapAndFailOutOfBound() {
        byte[] big = new byte[(int) M + 1];
        VmException e = assertThrows(VmException.class, () -> init(List.of(big), MachineVersion.V1));
        assertInstanceOf(VmError.MemOutOfBound.class, e.error());
        // an empty argument whose address wraps fails on the NUL store
        VmException e2 = assertThrows(VmException.class,
                () -> StackInitializer.initialize(memory, args(""), 0, 0, MachineVersion.V0));
        assertInstanceOf(VmError.MemOutOfBound.class, e2.error());
    }

    @Test
    void vectorPastTheStackIsStillMemOutOfStackWhenMemoryAllowsIt() {
        // strings fit exactly, the argc/argv vector does not
        VmException e = assertThrows(VmException.class,
                () -> StackInitializer.initialize(memory, args("1234567"), TOP - 8, 8, MachineVersion.V0));
        assertInstanceOf(VmError.MemOutOfStack.class, e.error());
        assertEquals(1, memory.load32(TOP - 24));
    }
}
