package org.ckbvm.machine;

/**
 * One family of syscalls, as CKB-VM's {@code Syscalls} trait: on ECALL the machine offers the call
 * (number in a7, arguments in a0..a5) to each handler in registration order and the first that
 * returns {@code true} has handled it (its result in a0). Exit (93) is handled by the machine
 * itself before any handler. Handlers charge cycles with {@link Machine#addCycles(long)}; the
 * machine checks the limit when the handler returns. Failures are thrown as
 * {@link org.ckbvm.error.VmException}.
 */
public interface SyscallHandler {
    boolean handle(Machine machine);
}
