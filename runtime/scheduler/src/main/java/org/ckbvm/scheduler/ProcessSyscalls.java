package org.ckbvm.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.memory.Memory;

/**
 * The syscalls of one VM that create and join VMs (script version 2; docs/SPAWN.md §4): spawn
 * (2601), wait (2602), process_id (2603) and, where the version has it, ExecV2 (2043). spawn,
 * wait and exec check what they can, charge, post a {@link Message} and yield; the scheduler
 * answers before the VM runs again.
 */
final class ProcessSyscalls implements SyscallHandler {
    static final int EXEC = 2043;
    static final int SPAWN = 2601;
    static final int WAIT = 2602;
    static final int PROCESS_ID = 2603;

    private static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A7 = 17;

    private final long vmId;
    private final MessageBox box;
    private final ScriptData data;
    private final boolean processes;
    private final boolean execV2;

    /**
     * @param processes whether spawn, wait and process_id exist ({@code VersionRules#offersProcessSyscalls})
     * @param execV2    whether 2043 is ExecV2 ({@code VersionRules#exec})
     */
    ProcessSyscalls(long vmId, MessageBox box, ScriptData data, boolean processes, boolean execV2) {
        this.vmId = vmId;
        this.box = box;
        this.data = data;
        this.processes = processes;
        this.execV2 = execV2;
    }

    @Override
    public boolean handle(Machine machine) {
        long number = machine.register(A7);
        if (number == EXEC && execV2) {
            exec(machine);
            return true;
        }
        if (!processes) {
            return false;
        }
        if (number == SPAWN) {
            spawn(machine);
            return true;
        }
        if (number == WAIT) {
            machine.addCycles(SchedulerConstants.SPAWN_YIELD_CYCLES_BASE);
            box.post(new Message.Wait(vmId, machine.register(A0), machine.register(A1)));
            machine.yieldAfterSyscall();
            return true;
        }
        if (number == PROCESS_ID) {
            machine.setRegister(A0, vmId);
            return true;
        }
        return false;
    }

    /**
     * {@code Spawn::ecall}: a0 index, a1 source, a2 place, a3 bounds, a4 the address of
     * {argc, argv, &process_id, &fds}. Source parsed (a bad entry fails the script), then the data
     * piece (none: INDEX_OUT_OF_BOUND), the argument block and the fd list read, the item looked
     * up (missing: INDEX_OUT_OF_BOUND) and the bounds checked strictly (SLICE_OUT_OF_BOUND); only
     * then 100,000 + 800 are charged and the spawn posted.
     */
    private void spawn(Machine machine) {
        long source = DataPiece.normalizedSource(machine.register(A1));
        if (source == -1) {
            throw new VmException(new VmError.External(DataPiece.invalidSourceMessage(machine.register(A1))));
        }
        Optional<DataPiece> piece = DataPiece.of(source, machine.register(A0), machine.register(A2));
        if (piece.isEmpty()) {
            machine.setRegister(A0, ReturnCode.INDEX_OUT_OF_BOUND);
            return;
        }
        long bounds = machine.register(A3);
        Memory memory = machine.memory();
        long block = machine.register(A4);
        long argc = memory.load64(block);
        long argv = memory.load64(block + 8);
        long processIdAddr = memory.load64(block + 16);
        long fdsAddr = memory.load64(block + 24);
        List<Long> fds = new ArrayList<>();
        if (fdsAddr != 0) {
            for (long fd = memory.load64(fdsAddr); fd != 0; fd = memory.load64(fdsAddr)) {
                fds.add(fd);
                fdsAddr += 8;
            }
        }
        long fullLength = data.length(piece.get());
        if (fullLength < 0) {
            // SnapshotDataLoadError from load_data(id, 0, 0) "mimics" INDEX_OUT_OF_BOUND here
            machine.setRegister(A0, ReturnCode.INDEX_OUT_OF_BOUND);
            return;
        }
        DataLocation location = DataLocation.of(piece.get(), bounds);
        long offset = location.offset();
        long length = location.length();
        if (offset >= fullLength || (length > 0 && offset + length > fullLength)) {
            machine.setRegister(A0, ReturnCode.SLICE_OUT_OF_BOUND);
            return;
        }
        machine.addCycles(SchedulerConstants.SPAWN_EXTRA_CYCLES_BASE);
        machine.addCycles(SchedulerConstants.SPAWN_YIELD_CYCLES_BASE);
        box.post(new Message.Spawn(vmId, location, argc, argv, fds, processIdAddr));
        machine.yieldAfterSyscall();
    }

    /**
     * {@code ExecV2::ecall}: a0 index, a1 source, a2 place, a3 bounds, a4 argc, a5 argv. The raw
     * source is taken as it is (anything not in the data-piece table is INDEX_OUT_OF_BOUND, never a
     * VM error); nothing is charged here, the scheduler charges 75,000 and the load.
     */
    private void exec(Machine machine) {
        Optional<DataPiece> piece = DataPiece.of(machine.register(A1), machine.register(A0), machine.register(A2));
        if (piece.isEmpty()) {
            machine.setRegister(A0, ReturnCode.INDEX_OUT_OF_BOUND);
            return;
        }
        box.post(new Message.ExecV2(vmId, DataLocation.of(piece.get(), machine.register(A3)),
                machine.register(A4), machine.register(A5)));
        machine.yieldAfterSyscall();
    }
}
