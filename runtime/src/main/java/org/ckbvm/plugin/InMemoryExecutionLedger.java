package org.ckbvm.plugin;

import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.TxHash;

/** A ledger in memory, for tests and tools that need no durability. */
public final class InMemoryExecutionLedger implements ExecutionLedger {
    private final TreeMap<TxHash, SuspendedExecution> executions = new TreeMap<>();
    private final TreeSet<TxHash> executed = new TreeSet<>();

    @Override
    public synchronized Optional<SuspendedExecution> load(TxHash execution) {
        return Optional.ofNullable(executions.get(execution));
    }

    @Override
    public synchronized void suspend(TxHash tx, SuspendedExecution execution) {
        executions.put(execution.execution(), execution);
        executed.add(tx);
    }

    @Override
    public synchronized void finish(TxHash tx, TxHash execution) {
        executions.remove(execution);
        executed.add(tx);
    }

    @Override
    public synchronized boolean executed(TxHash tx) {
        return executed.contains(tx);
    }

    @Override
    public synchronized int suspendedBy(Address owner) {
        return (int) executions.values().stream().filter(e -> e.owner().equals(owner)).count();
    }

    @Override
    public void close() {
    }
}
