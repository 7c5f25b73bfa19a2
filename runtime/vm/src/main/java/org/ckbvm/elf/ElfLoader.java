package org.ckbvm.elf;

import java.util.List;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.machine.Machine;
import org.ckbvm.isa.VersionRules;
import org.ckbvm.memory.Memory;

/**
 * CKB-VM {@code DefaultMachine::load_program} without the register writes: parse the ELF, map it
 * ({@link ProgramLoader}), then build the argv stack in the top quarter of memory
 * ({@link StackInitializer}). The caller sets pc and SP and charges
 * {@link LoadedProgram#loadCycles()}.
 */
public final class ElfLoader {
    private ElfLoader() {}

    /**
     * @param memory  fresh guest memory (all zero, no flags) of the machine
     * @param elf     the program file
     * @param args    argv strings without NUL terminators (CKB passes none)
     * @param version machine version
     * @throws VmException with the first error CKB-VM would report
     */
    public static LoadedProgram load(Memory memory, byte[] elf, List<byte[]> args, int version) {
        return load(memory, elf, args, VersionRules.forLoader(version));
    }

    /** {@link #load(Memory, byte[], List, int)} under the given version's rules. */
    public static LoadedProgram load(Memory memory, byte[] elf, List<byte[]> args, VersionRules version) {
        ElfProgram program = ElfParser.parse(elf, version);
        long elfBytes = ProgramLoader.load(memory, elf, program, version);
        long memorySize = memory.size();
        StackInitializer.Result stack = StackInitializer.initialize(memory, args,
                StackInitializer.stackStart(memorySize), StackInitializer.stackSize(memorySize), version);
        if (Long.compareUnsigned(elfBytes + stack.bytes(), elfBytes) < 0) {
            throw new VmException(new VmError.Unexpected("The bytes count overflowed on loading program"));
        }
        return new LoadedProgram(program.entry(), stack.sp(), elfBytes, stack.bytes(), program);
    }

    /**
     * Loads a program into a fresh machine as CKB does before the first instruction: maps the ELF,
     * builds the argv stack, sets pc to the entry and SP (x2), and charges the load cost of the
     * machine's cost model ({@code ceil((filesz + stack bytes) / 4)} for CKB's model).
     */
    public static LoadedProgram boot(Machine machine, byte[] elf, List<byte[]> args) {
        LoadedProgram loaded = load(machine.memory(), elf, args, machine.config().rules());
        machine.setPc(loaded.entry());
        machine.setRegister(SP, loaded.sp());
        machine.addCycles(machine.config().costModel().programLoadCycles(loaded.totalBytes()));
        return loaded;
    }

    private static final int SP = 2;
}
