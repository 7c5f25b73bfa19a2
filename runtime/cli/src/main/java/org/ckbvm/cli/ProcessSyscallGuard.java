package org.ckbvm.cli;

import org.ckbvm.isa.VersionRules;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.SyscallHandler;

/**
 * For {@code run --db} and {@code run --snapshot-out}, which keep one machine's Snapshot2: the
 * first handler of that machine, it stops the run with a usage error when the script calls a
 * syscall that only the scheduler offers (exec 2043 of versions 1 and 2, load_block_extension 2104, spawn … close
 * 2601–2608; docs/SPAWN.md §1), instead of the {@code InvalidEcall} a lone machine would give.
 * A script that never calls one runs exactly as before; one that does needs {@code run} without
 * those options (and {@code --scheduler-state FILE} to save a stop).
 */
final class ProcessSyscallGuard implements SyscallHandler {
    private final String option;

    private ProcessSyscallGuard(String option) {
        this.option = option;
    }

    /** The guard for a run with {@code option}, or none if the version has none of those syscalls. */
    static java.util.List<SyscallHandler> forVersion(VersionRules rules, String option) {
        return scheduled(rules) ? java.util.List.of(new ProcessSyscallGuard(option)) : java.util.List.of();
    }

    /** The guard for a machine whose version is known only when it runs (a stored execution). */
    static SyscallHandler forAnyVersion(String option) {
        return new ProcessSyscallGuard(option);
    }

    /**
     * Whether scripts of this version may call a syscall that only the scheduler serves: exec
     * (version 1's in place, version 2's ExecV2) or the process syscalls of version 2.
     */
    static boolean scheduled(VersionRules rules) {
        return rules.offersProcessSyscalls() || rules.exec() != VersionRules.ExecSyscall.NONE;
    }

    @Override
    public boolean handle(Machine machine) {
        long number = machine.register(17);
        if (!scheduled(machine.config().rules())) {
            return false;
        }
        if (number == 2043 || number == 2104 || (number >= 2601 && number <= 2608)) {
            throw UsageException.of(option + " keeps one machine's Snapshot2, and this script calls syscall " + number
                    + " (" + name(number) + "), which runs in the scheduler with several VMs: run it without " + option
                    + " (--scheduler-state FILE saves a stop of the whole scheduler)");
        }
        return false;
    }

    private static String name(long number) {
        return switch ((int) number) {
            case 2043 -> "exec";
            case 2104 -> "load_block_extension";
            case 2601 -> "spawn";
            case 2602 -> "wait";
            case 2603 -> "process_id";
            case 2604 -> "pipe";
            case 2605 -> "write";
            case 2606 -> "read";
            case 2607 -> "inherited_fds";
            default -> "close";
        };
    }
}
