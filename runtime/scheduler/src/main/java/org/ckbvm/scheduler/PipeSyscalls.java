package org.ckbvm.scheduler;

import org.ckbvm.machine.Machine;
import org.ckbvm.machine.SyscallHandler;

/**
 * The syscalls of one VM on pipes (script version 2; docs/SPAWN.md §4.4-§4.7): pipe (2604),
 * write (2605), read (2606), inherited_fds (2607) and close (2608). Each charges 800, posts a
 * {@link Message} and yields, except a read or write on an fd of the wrong parity, refused at
 * once with INVALID_FD.
 */
final class PipeSyscalls implements SyscallHandler {
    static final int PIPE = 2604;
    static final int WRITE = 2605;
    static final int READ = 2606;
    static final int INHERITED_FDS = 2607;
    static final int CLOSE = 2608;

    private static final int A0 = 10, A1 = 11, A2 = 12, A7 = 17;

    private final long vmId;
    private final MessageBox box;

    PipeSyscalls(long vmId, MessageBox box) {
        this.vmId = vmId;
        this.box = box;
    }

    @Override
    public boolean handle(Machine machine) {
        long number = machine.register(A7);
        Message message;
        if (number == PIPE) {
            message = new Message.Pipe(vmId, machine.register(A0));
        } else if (number == WRITE || number == READ) {
            // Write::ecall / Read::ecall: the length first (a bad address fails the script), then
            // the parity: the write end is odd, the read end even
            long fd = machine.register(A0);
            long length = machine.memory().load64(machine.register(A2));
            boolean writeEnd = (fd & 1) == 1;
            if (writeEnd != (number == WRITE)) {
                machine.setRegister(A0, ReturnCode.INVALID_FD);
                return true;
            }
            message = number == WRITE
                    ? new Message.FdWrite(vmId, fd, length, machine.register(A1), machine.register(A2))
                    : new Message.FdRead(vmId, fd, length, machine.register(A1), machine.register(A2));
        } else if (number == INHERITED_FDS) {
            message = new Message.InheritedFds(vmId, machine.register(A0), machine.register(A1));
        } else if (number == CLOSE) {
            message = new Message.Close(vmId, machine.register(A0));
        } else {
            return false;
        }
        machine.addCycles(SchedulerConstants.SPAWN_YIELD_CYCLES_BASE);
        box.post(message);
        machine.yieldAfterSyscall();
        return true;
    }
}
