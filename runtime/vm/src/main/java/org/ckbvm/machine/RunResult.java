package org.ckbvm.machine;

import org.ckbvm.error.VmError;

/** How a call to {@link Machine#run()} ended. The machine holds cycles, pc and registers. */
public sealed interface RunResult {

    /** The program called exit (syscall 93); the code is {@code (int8) a0}. */
    record Exited(int exitCode) implements RunResult {}

    /**
     * The cycle limit stopped the machine: before a trace that would exceed it (pc and cycles at
     * the trace start, nothing of it executed), or after a syscall that went past it. Raising the
     * limit and calling {@code run()} again continues exactly where it stopped.
     */
    record CyclesExceeded() implements RunResult {}

    /**
     * A syscall handed control back to its scheduler ({@link Machine#yieldAfterSyscall()}; CKB-VM's
     * {@code Error::Yield}, which ckb-script's spawn, pipe and wait syscalls return): the machine
     * stopped right after the ECALL, pc past it, without the cycle-limit check that follows other
     * syscalls. Only machines run by a scheduler see it; calling {@code run()} again continues
     * after the ECALL.
     */
    record Yielded() implements RunResult {}

    /** The machine failed; the error names the CKB-VM error kind and its payload. */
    record Failed(VmError error) implements RunResult {}
}
