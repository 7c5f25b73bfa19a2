package org.ckbvm.scheduler;

/**
 * ckb-script's constants of script version 2 (docs/SPAWN.md §2): the charges of
 * {@code syscalls/mod.rs} and the limits of {@code scheduler.rs}.
 */
public final class SchedulerConstants {
    private SchedulerConstants() {}

    /** Charged by spawn, and by the scheduler for every VM suspend and every VM resume. */
    public static final long SPAWN_EXTRA_CYCLES_BASE = 100_000;
    /** Charged by every syscall that yields to the scheduler, except ExecV2. */
    public static final long SPAWN_YIELD_CYCLES_BASE = 800;
    /** Charged by the scheduler for an ExecV2, to the new machine. */
    public static final long EXEC_LOAD_ELF_V2_CYCLES_BASE = 75_000;
    /**
     * Version 1's {@code Exec}: the most argv bytes, counted as 8 per entry plus its string length
     * ({@code MAX_ARGV_LENGTH}, 1 MiB; ckb v0.200.0 on).
     */
    public static final long MAX_ARGV_LENGTH = 1024 * 1024;
    /**
     * The VM error version 1's {@code Exec} raises for a longer argv: {@code Unexpected} with
     * ckb's {@code ARGV_TOO_LONG_TEXT}.
     */
    public static final String ARGV_TOO_LONG_TEXT = "@@@VM@@@UNEXPECTED@@@ARGV@@@TOOLONG@@@";
    /** Spawn fails when more than this many VMs exist (so at most 17 live VMs). */
    public static final int MAX_VMS_COUNT = 16;
    /** VMs held as live machines; the others are kept as Snapshot2. */
    public static final int MAX_INSTANTIATED_VMS = 4;
    /** Pipe fails when this many fds or more are open (so 65 is reachable). */
    public static final int MAX_FDS = 64;
    /** The root VM's id ({@code ROOT_VM_ID = FIRST_VM_ID}). */
    public static final long ROOT_VM_ID = 0;
    /** The read end of the first pipe ({@code FIRST_FD_SLOT}). */
    public static final long FIRST_FD_SLOT = 2;
}
