package org.ckbvm.scheduler;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.ckbvm.elf.ElfParser;
import org.ckbvm.elf.ElfProgram;
import org.ckbvm.elf.ProgramLoader;
import org.ckbvm.elf.StackInitializer;
import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.VersionRules;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.memory.Memory;
import org.ckbvm.snapshot.SuspendableMachine;

/**
 * Script version 1's exec (2043): ckb-script's {@code Exec::ecall} ({@code syscalls/exec.rs},
 * ckb v0.200.0; docs/SPAWN.md §7.2). The program is replaced in place, inside the syscall: no
 * yield, no base cost. In order:
 * <ol>
 *   <li>a1 parsed by {@code Source::parse_from_u64} and a2 by {@code Place::parse_from_u64}: a bad
 *       value is a VM error ({@code External});</li>
 *   <li>the item (a0 index, cell data or witness) fetched: missing is INDEX_OUT_OF_BOUND. Under
 *       this project's data model (SPAWN.md §11.1) only transaction cell deps have data;</li>
 *   <li>a3 = offset &lt;&lt; 32 | length: {@code offset >= size}, or a non-zero length with
 *       {@code offset + length > size}, is SLICE_OUT_OF_BOUND;</li>
 *   <li>argv (a4 entries at a5) read: each pointer {@code load64}, each string byte by byte to its
 *       NUL; a fault is a VM error; past {@link SchedulerConstants#MAX_ARGV_LENGTH} (8 per entry
 *       plus the string lengths, checked after each entry) the VM error
 *       {@code Unexpected(ARGV_TOO_LONG_TEXT)};</li>
 *   <li>{@code reset(max_cycles)} and the cycles put back; {@code load_elf(slice, true)} under this
 *       machine's own version rules (version 1's), charged {@code ceil(Σ p_filesz / 4)}; then
 *       {@code initialize_stack(argv, RISCV_MAX_MEMORY - DEFAULT_STACK_SIZE, DEFAULT_STACK_SIZE)},
 *       charged {@code ceil(stack bytes / 4)} on its own. A failure of either is WRONG_FORMAT in
 *       a0 of the machine as the failure left it (after the reset), and the run goes on there:
 *       at pc 0 when the ELF did not load, at the entry when the stack did not build;</li>
 *   <li>the run goes on at the machine's pc ({@link Machine#continueAtPcAfterSyscall()}), with the
 *       cycle-limit check that follows every syscall.</li>
 * </ol>
 * The pages copied from the slice are tracked as pages of the cell dep's blob at their offsets in
 * it, so a Snapshot2 made after the exec references them there.
 */
final class InPlaceExec implements SyscallHandler {
    static final int EXEC = 2043;
    /** ckb-vm {@code RISCV_MAX_MEMORY} and {@code DEFAULT_STACK_SIZE}: exec's stack, whatever the memory size. */
    static final long STACK_START = (4L << 20) - (1L << 20);
    static final long STACK_SIZE = 1L << 20;

    private static final int SP = 2, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A7 = 17;
    private static final long PLACE_CELL_DATA = 0;
    private static final long PLACE_WITNESS = 1;
    private static final long CELL_DEP = 3;

    private final ScriptData data;
    private final Supplier<SuspendableMachine> self;

    /** @param self this VM's machine with its source tracking (looked up when the syscall runs) */
    InPlaceExec(ScriptData data, Supplier<SuspendableMachine> self) {
        this.data = data;
        this.self = self;
    }

    @Override
    public boolean handle(Machine machine) {
        if (machine.register(A7) != EXEC) {
            return false;
        }
        long index = machine.register(A0);
        long source = DataPiece.normalizedSource(machine.register(A1));
        if (source == -1) {
            throw new VmException(new VmError.External(DataPiece.invalidSourceMessage(machine.register(A1))));
        }
        long place = machine.register(A2);
        if (place != PLACE_CELL_DATA && place != PLACE_WITNESS) {
            throw new VmException(new VmError.External("Place parse_from_u64 " + Long.toUnsignedString(place)));
        }
        long bounds = machine.register(A3);
        long offset = bounds >>> 32;
        long length = bounds & 0xFFFF_FFFFL;
        // fetch_cell / fetch_witness: inputs, outputs, groups and witnesses are empty here
        Optional<ScriptData.Cell> cell = place == PLACE_CELL_DATA && source == CELL_DEP
                ? data.cellDep(index) : Optional.empty();
        if (cell.isEmpty()) {
            machine.setRegister(A0, ReturnCode.INDEX_OUT_OF_BOUND);
            return true;
        }
        byte[] item = cell.get().data();
        if (offset >= item.length || (length != 0 && offset + length > item.length)) {
            machine.setRegister(A0, ReturnCode.SLICE_OUT_OF_BOUND);
            return true;
        }
        byte[] elf = Arrays.copyOfRange(item, (int) offset, length == 0 ? item.length : (int) (offset + length));
        List<byte[]> argv = readArgv(machine.memory(), machine.register(A4), machine.register(A5));

        long cycles = machine.cycles();
        machine.reset(machine.maxCycles());
        machine.setCycles(cycles);
        SuspendableMachine sm = self.get();
        sm.sources().clear();
        machine.continueAtPcAfterSyscall();
        load(machine, sm, cell.get(), offset, elf, argv);
        return true;
    }

    /** {@code load_elf} then {@code initialize_stack}, each charged on its own; a failure answers WRONG_FORMAT. */
    private static void load(Machine machine, SuspendableMachine sm, ScriptData.Cell cell, long offset, byte[] elf,
                             List<byte[]> argv) {
        VersionRules rules = machine.config().rules();
        Memory memory = machine.memory();
        long elfBytes;
        try {
            ElfProgram program = ElfParser.parse(elf, rules);
            elfBytes = ProgramLoader.load(memory, elf, program, rules);
            machine.setPc(program.entry());
            sm.sources().markProgram(memory, program, cell.id(), offset);
        } catch (VmException e) {
            machine.setRegister(A0, ReturnCode.WRONG_FORMAT);
            return;
        }
        machine.addCycles(CostModel.transferredByteCycles(elfBytes));
        long stackBytes;
        try {
            stackBytes = StackInitializer.initialize(memory, argv, STACK_START, STACK_SIZE, rules,
                    sp -> machine.setRegister(SP, sp)).bytes();
        } catch (VmException e) {
            machine.setRegister(A0, ReturnCode.WRONG_FORMAT);
            return;
        }
        machine.addCycles(CostModel.transferredByteCycles(stackBytes));
    }

    /**
     * argc pointers from {@code argv} on, each a NUL-terminated string read byte by byte (ckb-vm
     * {@code load_c_string_byte_by_byte}); after each entry the running length (8 + string length
     * per entry, saturating) must stay within {@link SchedulerConstants#MAX_ARGV_LENGTH}.
     */
    private static List<byte[]> readArgv(Memory memory, long argc, long argv) {
        List<byte[]> args = new ArrayList<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        long total = 0;
        long address = argv;
        for (long i = 0; Long.compareUnsigned(i, argc) < 0; i++) {
            long string = memory.load64(address);
            buffer.reset();
            for (long b = memory.load8(string); b != 0; b = memory.load8(++string)) {
                buffer.write((int) b);
            }
            args.add(buffer.toByteArray());
            total += 8 + buffer.size();
            if (total > SchedulerConstants.MAX_ARGV_LENGTH) {
                throw new VmException(new VmError.Unexpected(SchedulerConstants.ARGV_TOO_LONG_TEXT));
            }
            address += 8;
        }
        return args;
    }
}
