package org.ckbvm.cli;

/**
 * The process status of every command, one meaning each (README.md, "Exit status", is the table;
 * {@code ExitStatusTest} checks that each kind gives its status). {@code run} and {@code resume}
 * exit with the guest's own exit code when it exits; with {@code --json} the {@code status} field
 * says which case it is.
 */
final class ExitStatus {
    /** Success: the command did what was asked ({@code run}/{@code resume}: the guest exited with 0). */
    static final int OK = 0;
    /**
     * The command ran and the answer is no: a VM error ({@code run}, {@code resume}, a snapshot
     * that does not resume), a verification failure ({@code store verify}, {@code audit},
     * {@code chain audit}, {@code chain verify-proof}, {@code vectors verify}, {@code demo}), or the
     * entry asked for is not there.
     */
    static final int FAILED = 1;
    /** A usage error: an unknown option, a missing or bad value, a file that cannot be read. Nothing ran. */
    static final int USAGE = 2;
    /** {@code run}/{@code resume}: the cycle limit stopped the guest (it can be resumed). */
    static final int CYCLES_EXCEEDED = 3;
    /** The store or chain state could not be opened, read or written (missing, in use, corrupt, a limit). */
    static final int STORE = 4;
    /** Anything else: an I/O error on an output file, or a bug (please report it with the message). */
    static final int INTERNAL = 5;

    private ExitStatus() {}
}
