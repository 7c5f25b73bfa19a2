package org.ckbvm.plugin;

import java.util.List;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;

/**
 * A suspended execution as the plugin keeps it: the snapshot plus who may act on it and what it
 * has cost so far.
 *
 * @param execution   the hash of the transaction that started it (its key)
 * @param snapshot    the machine, suspended
 * @param script      what {@code load_script} returns to it (fixed by the starting transaction)
 * @param owner       that transaction's sender
 * @param controllers others the owner allowed to resume, cancel or delete it
 * @param budgetPaid  cycles paid by all its transactions so far
 * @param segments    transactions that ran it so far
 * @param createdAt   block height of the starting transaction
 */
public record SuspendedExecution(TxHash execution, Snapshot snapshot, byte[] script, Address owner,
                                 List<Address> controllers, long budgetPaid, int segments, long createdAt) {
    public SuspendedExecution {
        script = script.clone();
        controllers = List.copyOf(controllers);
    }

    @Override
    public byte[] script() {
        return script.clone();
    }

    SuspendedExecution with(Snapshot next) {
        return new SuspendedExecution(execution, next, script, owner, controllers, budgetPaid, segments, createdAt);
    }

    public boolean mayAct(Address sender) {
        return owner.equals(sender) || controllers.contains(sender);
    }
}
