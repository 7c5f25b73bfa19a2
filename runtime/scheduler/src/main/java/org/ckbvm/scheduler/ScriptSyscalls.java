package org.ckbvm.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.ckbvm.isa.VersionRules;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.snapshot.SuspendableMachine;

/**
 * The syscalls the scheduler gives each VM besides those every machine has (load_cell_data, debug,
 * vm_version, current_cycles): ckb-script's {@code generate_ckb_syscalls}, chosen by the version's
 * rules ({@link VersionRules#exec()}, {@link VersionRules#offersProcessSyscalls()}; docs/SPAWN.md §1).
 *
 * <p>2043 is version 1's in-place {@code Exec} ({@link VersionRules.ExecSyscall#IN_PLACE},
 * {@link InPlaceExec}, SPAWN.md §7.2), version 2's {@code ExecV2} ({@link ProcessSyscalls}), and
 * not handled on version 0 ({@code InvalidEcall}).
 */
final class ScriptSyscalls {
    private ScriptSyscalls() {}

    /** @param self the VM's machine, looked up when a syscall needs more than the {@code Machine} */
    static List<SyscallHandler> forVm(long vmId, VersionRules rules, MessageBox box, ScriptData data,
                                      int cellDeps, List<SyscallHandler> hostSyscalls,
                                      Supplier<SuspendableMachine> self) {
        List<SyscallHandler> handlers = new ArrayList<>(hostSyscalls);
        if (rules.exec() == VersionRules.ExecSyscall.IN_PLACE) {
            handlers.add(new InPlaceExec(data, self));
        }
        boolean execV2 = rules.exec() == VersionRules.ExecSyscall.SCHEDULED;
        if (rules.offersProcessSyscalls() || execV2) {
            handlers.add(new ProcessSyscalls(vmId, box, data, rules.offersProcessSyscalls(), execV2));
        }
        if (rules.offersProcessSyscalls()) {
            handlers.add(new PipeSyscalls(vmId, box));
            handlers.add(new BlockExtensionSyscall(cellDeps));
        }
        return handlers;
    }
}
