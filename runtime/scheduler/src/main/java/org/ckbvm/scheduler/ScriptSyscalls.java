package org.ckbvm.scheduler;

import java.util.ArrayList;
import java.util.List;

import org.ckbvm.isa.VersionRules;
import org.ckbvm.machine.SyscallHandler;

/**
 * The syscalls the scheduler gives each VM besides those every machine has (load_cell_data, debug,
 * vm_version, current_cycles): ckb-script's {@code generate_ckb_syscalls}, chosen by the version's
 * rules ({@link VersionRules#exec()}, {@link VersionRules#offersProcessSyscalls()}; docs/SPAWN.md §1).
 *
 * <p>Version 1's in-place {@code Exec} ({@link VersionRules.ExecSyscall#IN_PLACE}, SPAWN.md §7.2)
 * is not implemented yet: 2043 stays {@code InvalidEcall} on version 1 (and on version 0, where CKB
 * has no exec). It needs the run loop to continue at the new program's entry after the ECALL,
 * which this module does not change; see SPAWN.md §11.
 */
final class ScriptSyscalls {
    private ScriptSyscalls() {}

    static List<SyscallHandler> forVm(long vmId, VersionRules rules, MessageBox box, ScriptData data,
                                      int cellDeps, List<SyscallHandler> hostSyscalls) {
        List<SyscallHandler> handlers = new ArrayList<>(hostSyscalls);
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
