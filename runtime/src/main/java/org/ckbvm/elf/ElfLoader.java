package org.ckbvm.elf;

import java.util.List;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
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
        ElfProgram program = ElfParser.parse(elf, version);
        long elfBytes = ProgramLoader.load(memory, elf, program, version);
        long memorySize = memory.size();
        StackInitializer.Result stack = StackInitializer.initialize(memory, args,
                StackInitializer.stackStart(memorySize), StackInitializer.stackSize(memorySize), version);
        if (Long.compareUnsigned(elfBytes + stack.bytes(), elfBytes) < 0) {
            throw new VmException(new VmError.Unexpected("The bytes count overflowed on loading program"));
        }
        return new LoadedProgram(program.entry(), stack.sp(), elfBytes, stack.bytes());
    }
}
