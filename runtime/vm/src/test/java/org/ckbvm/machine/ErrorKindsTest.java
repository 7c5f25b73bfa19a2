package org.ckbvm.machine;

import static org.ckbvm.machine.Asm.*;
import static org.ckbvm.machine.GuestCode.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.ckbvm.TestVectors;
import org.ckbvm.elf.ElfLoader;
import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.source.SourceContext;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every CKB-VM error kind our machine can report is produced here by a concrete input, and the
 * list is checked against the sealed hierarchy, so a new kind without a test fails the build.
 */
class ErrorKindsTest {
    private static final MachineConfig V2 = MachineConfig.defaults();

    /** Kinds no input can produce: they guard internal invariants. */
    private static final List<Class<?>> INTERNAL_ONLY = List.of(VmError.Unexpected.class);

    private static VmError runFails(Machine m) {
        RunResult r = m.run();
        if (r instanceof RunResult.Failed f) {
            return f.error();
        }
        return fail("expected a failure, got " + r);
    }

    private static VmError thrown(Runnable action) {
        return assertThrows(VmException.class, action::run).error();
    }

    private static VmError loadElf(String name) {
        return thrown(() -> {
            try {
                ElfLoader.load(new Memory(Memory.DEFAULT_SIZE), Files.readAllBytes(TestVectors.elf(name)), List.of(), 2);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Map<Class<?>, Supplier<VmError>> scenarios() {
        Map<Class<?>, Supplier<VmError>> s = new LinkedHashMap<>();
        s.put(VmError.MemOutOfBound.class, () -> runFails(GuestCode.machine(V2, lui(T0, 0x400000), ld(A0, T0, 0), jal(ZERO, 0))));
        s.put(VmError.MemWriteOnExecutablePage.class, () -> runFails(GuestCode.machine(V2, lui(T0, 0x10000), sd(A0, T0, 0), jal(ZERO, 0))));
        s.put(VmError.MemWriteOnFreezedPage.class, () -> {
            Memory memory = new Memory(Memory.DEFAULT_SIZE);
            memory.initPages(0x20000, 4096, Memory.FLAG_FREEZED, new byte[0], 0, 0, 0);
            return thrown(() -> memory.initPages(0x20000, 4096, 0, new byte[0], 0, 0, 0));
        });
        s.put(VmError.MemPageUnalignedAccess.class, () -> thrown(() ->
                new Memory(Memory.DEFAULT_SIZE).initPages(0x20010, 4096, Memory.FLAG_EXECUTABLE, new byte[0], 0, 0, 0)));
        s.put(VmError.MemOutOfStack.class, () -> thrown(() -> {
            try {
                ElfLoader.load(new Memory(Memory.DEFAULT_SIZE), Files.readAllBytes(TestVectors.elf("exit0")),
                        List.of(new byte[1 << 20]), 2);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        s.put(VmError.InvalidInstruction.class, () -> runFails(GuestCode.machine(V2, 0)));
        s.put(VmError.InvalidEcall.class, () -> runFails(GuestCode.machine(V2, syscall(1234))));
        s.put(VmError.InvalidVersion.class, () -> runFails(GuestCode.machine(V2.withVersion(0), syscall(93))));
        s.put(VmError.CyclesOverflow.class, () -> {
            Machine m = GuestCode.machine(V2, syscall(93));
            m.setCycles(-2L);
            return runFails(m);
        });
        // 14 ADC groups and two nops (288 bytes, u8 length 32), then a trace of exactly 256 bytes
        s.put(VmError.ZeroLengthTrace.class, () -> runFails(GuestCode.machine(V2,
                concat(adcGroups(14), new int[] {addi(ZERO, ZERO, 0), addi(ZERO, ZERO, 0)}, syscall(93)))));
        s.put(VmError.ElfBits.class, () -> loadElf("elf_32bit"));
        s.put(VmError.ElfParseError.class, () -> loadElf("elf_bad_magic"));
        s.put(VmError.ElfSegmentUnreadable.class, () -> loadElf("elf_seg_unreadable_x"));
        s.put(VmError.ElfSegmentWritableAndExecutable.class, () -> loadElf("elf_seg_wx"));
        s.put(VmError.ElfSegmentAddrOrSizeError.class, () -> loadElf("elf_seg_filesz_past_eof"));
        s.put(VmError.External.class, () -> {
            Machine m = GuestCode.machine(V2, concat(new int[] {lui(A0, 0x20000)}, syscall(2177)));
            m.memory().storeBytes(0x20000, new byte[] {(byte) 0xc3, 0x28, 0}, 0, 3);
            return runFails(m);
        });
        s.put(VmError.SnapshotDataLoadError.class, () -> {
            SourceId unknown = new InMemoryDataSource().add(new byte[] {1});
            SourceContext context = new SourceContext(new InMemoryDataSource(), List.of(unknown), 1024);
            return thrown(() -> context.load(unknown, 0, 0));
        });
        return s;
    }

    /** a7 = 2^64 - 1: CKB-VM prints {@code InvalidEcall(18446744073709551615)}, a u64. */
    @Test
    void anInvalidEcallNumberIsPrintedAsCkbVmsU64() {
        VmError error = runFails(GuestCode.machine(V2, syscall(-1)));
        assertEquals(new VmError.InvalidEcall(-1), error);
        assertEquals("invalid ecall 18446744073709551615", error.message());
    }

    @TestFactory
    Stream<DynamicTest> everyKindIsProducedByAnInput() {
        Map<Class<?>, Supplier<VmError>> scenarios = scenarios();
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> kind : VmError.class.getPermittedSubclasses()) {
            if (INTERNAL_ONLY.contains(kind)) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(kind.getSimpleName(), () -> {
                Supplier<VmError> scenario = scenarios.get(kind);
                if (scenario == null) {
                    fail("no test produces " + kind.getSimpleName());
                }
                assertEquals(kind, scenario.get().getClass());
            }));
        }
        return tests.stream();
    }
}
