package org.ckbvm.scheduler;

import java.util.List;
import java.util.TreeMap;

/**
 * The scheduler's bookkeeping of VMs and fds (ckb-script {@code Scheduler}'s {@code states},
 * {@code fds}, {@code inherited_fd}, {@code terminated_vms}, {@code next_vm_id} and
 * {@code next_fd_slot}; docs/SPAWN.md §5.1). Every map is ordered by id or fd, as ckb's
 * {@code BTreeMap}s are, so every walk over them is in a fixed order.
 */
final class ProcessTable {
    /** Live VMs and what each waits for; the root is {@code Terminated} once it exited. */
    final TreeMap<Long, VmState> states = new TreeMap<>();
    /** Open fd to the VM that owns it. */
    final TreeMap<Long, Long> fds = new TreeMap<>();
    /** The fds each spawned VM was given, as given (kept after it exits, as in ckb). */
    final TreeMap<Long, List<Long>> inheritedFds = new TreeMap<>();
    /** Exit codes (int8) of exited VMs not yet taken by a wait. */
    final TreeMap<Long, Integer> terminatedVms = new TreeMap<>();
    long nextVmId = SchedulerConstants.ROOT_VM_ID;
    long nextFdSlot = SchedulerConstants.FIRST_FD_SLOT;

    /** Whether {@code fd} is open and owned by {@code vmId}. */
    boolean owns(long vmId, long fd) {
        Long owner = fds.get(fd);
        return owner != null && owner == vmId;
    }

    /** {@code Fd::other_fd}: the other end of the pipe. */
    static long otherEnd(long fd) {
        return fd ^ 1;
    }
}
