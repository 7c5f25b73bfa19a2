package org.ckbvm.scheduler;

/**
 * What a VM is doing between its runs: ckb-script's {@code VmState} (docs/SPAWN.md §5.1). A
 * blocked VM is not chosen to run until the scheduler completes its read, write or wait.
 */
public sealed interface VmState {

    /** May run; the scheduler runs the runnable VM with the largest id. */
    record Runnable() implements VmState {}

    /** {@code VmState::Wait}: waits for VM {@code targetVmId} to exit; its code goes to {@code exitCodeAddr}. */
    record Wait(long targetVmId, long exitCodeAddr) implements VmState {}

    /** {@code VmState::WaitForRead}: a read of up to {@code length} bytes on the even fd {@code fd}. */
    record WaitForRead(long fd, long length, long bufferAddr, long lengthAddr) implements VmState {}

    /**
     * {@code VmState::WaitForWrite}: a write of {@code length} bytes on the odd fd {@code fd}, of
     * which {@code consumed} were taken by readers so far.
     */
    record WaitForWrite(long fd, long consumed, long length, long bufferAddr, long lengthAddr) implements VmState {}

    /** The root after its exit (the only VM ever in this state; the run is over). */
    record Terminated() implements VmState {}

    VmState RUNNABLE = new Runnable();
    VmState TERMINATED = new Terminated();
}
