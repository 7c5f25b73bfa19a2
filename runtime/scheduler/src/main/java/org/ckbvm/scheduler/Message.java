package org.ckbvm.scheduler;

import java.util.List;

/**
 * What a yielding syscall asks of the scheduler: ckb-script's {@code Message}, posted to the
 * message box by the syscall and processed by {@code Scheduler::process_message_box} right after
 * the VM's run ends, before any VM runs again (docs/SPAWN.md §4, §5.3). Never part of a suspended
 * state: the box is always empty between iterations.
 */
sealed interface Message {
    /** The VM that made the call. */
    long vmId();

    /** {@code Message::Spawn}: boot {@code location} with argv read from the caller, hand over {@code fds}. */
    record Spawn(long vmId, DataLocation location, long argc, long argv, List<Long> fds, long processIdAddr)
            implements Message {
        public Spawn {
            fds = List.copyOf(fds);
        }
    }

    /** {@code Message::ExecV2}: replace the caller's program, keeping its id, fds and state. */
    record ExecV2(long vmId, DataLocation location, long argc, long argv) implements Message {}

    /** {@code Message::Wait}. */
    record Wait(long vmId, long targetId, long exitCodeAddr) implements Message {}

    /** {@code Message::Pipe}: the two new fds go to {@code fd1Addr} and {@code fd1Addr + 8}. */
    record Pipe(long vmId, long fd1Addr) implements Message {}

    /** {@code Message::FdRead}. */
    record FdRead(long vmId, long fd, long length, long bufferAddr, long lengthAddr) implements Message {}

    /** {@code Message::FdWrite}. */
    record FdWrite(long vmId, long fd, long length, long bufferAddr, long lengthAddr) implements Message {}

    /** {@code Message::InheritedFileDescriptor}. */
    record InheritedFds(long vmId, long bufferAddr, long lengthAddr) implements Message {}

    /** {@code Message::Close}. */
    record Close(long vmId, long fd) implements Message {}
}
