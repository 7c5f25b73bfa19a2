package org.ckbvm.elf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the ELF parser and loader: any bytes are either a loaded program or
 * a {@link VmException} with a CKB-VM error kind; nothing else may escape (an exception, an
 * {@link OutOfMemoryError}, a hang). A program that loads is then booted and run for a few
 * thousand cycles, which must end with a typed result, never past the budget.
 *
 * <p>Input layout: byte 0 selects the version ({@code % 3}), the memory size (bit 2: 64 KiB
 * instead of 4 MiB) and the argv count ({@code bits 3..5}); the rest is the ELF file.
 * Regression inputs: {@code src/test/resources/org/ckbvm/elf/ElfFuzzTestInputs/}.
 */
class ElfFuzzTest {
    private static final long BUDGET = 5_000;

    @FuzzTest(maxDuration = "30s")
    void elfFiles(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int version = (input[0] & 3) % 3;
        long memorySize = (input[0] & 4) != 0 ? 64 << 10 : Memory.DEFAULT_SIZE;
        int argc = (input[0] >> 3) & 7;
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < argc; i++) {
            args.add(("arg" + i).getBytes());
        }
        byte[] elf = Arrays.copyOfRange(input, 1, input.length);
        try {
            ElfLoader.load(new Memory(memorySize), elf, args, version);
        } catch (VmException e) {
            return; // a typed refusal
        }
        MachineConfig config = new MachineConfig(version, version == 0 ? IsaFlags.IMC : IsaFlags.DEFAULT,
                CostModel.CKB, memorySize);
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId id = blobs.add(elf);
        SuspendableMachine sm = SuspendableMachine.boot(config, blobs, id, List.of(), args, m -> { }, List.of());
        sm.machine().setEngine(Engine.INTERP);
        long loaded = sm.machine().cycles();
        RunResult r = sm.run(loaded + BUDGET);
        assertTrue(r != null);
        assertTrue(Long.compareUnsigned(sm.machine().cycles(), loaded + BUDGET) <= 0, "ran past its budget");
    }
}
