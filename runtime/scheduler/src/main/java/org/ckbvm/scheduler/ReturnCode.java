package org.ckbvm.scheduler;

/** The syscall return codes written to a0 (ckb-script {@code syscalls/mod.rs}; docs/SPAWN.md §2). */
final class ReturnCode {
    private ReturnCode() {}

    static final long SUCCESS = 0;
    static final long INDEX_OUT_OF_BOUND = 1;
    static final long ITEM_MISSING = 2;
    static final long SLICE_OUT_OF_BOUND = 3;
    /** Version 1's {@code Exec} only: the program (or its stack) could not be loaded. */
    static final long WRONG_FORMAT = 4;
    static final long WAIT_FAILURE = 5;
    static final long INVALID_FD = 6;
    static final long OTHER_END_CLOSED = 7;
    static final long MAX_VMS_SPAWNED = 8;
    static final long MAX_FDS_CREATED = 9;
}
