package org.ckbvm.plugin;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.ExecutionLimits;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.ExecutionMetadata;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreConfig;
import org.ckbvm.store.StoreError;
import org.ckbvm.store.StoreLimits;
import org.ckbvm.store.StoreException;
import org.ckbvm.store.StoredExecution;

/**
 * The plugin's ledger in the embedded RocksDB store: one store entry per suspended execution,
 * keyed by the starting transaction's hash, its owner as the entry's owner ({@code 0x} + address),
 * controllers and script in the entry's attachment; the transaction that caused a write recorded
 * as executed in the same atomic, synced write.
 *
 * <p>Attachment layout (big-endian): {@code u8 version = 1, u32 n, n x 20-byte controller,
 * u32 m, m bytes of script}.
 */
public final class StoreExecutionLedger implements ExecutionLedger {
    private static final int ATTACHMENT_VERSION = 1;

    private final SnapshotStore store;
    private final DataSource blobs;

    private StoreExecutionLedger(SnapshotStore store, DataSource blobs) {
        this.store = store;
        this.blobs = blobs;
    }

    /** Opens (or creates) the store under the configured folder, without limits; blobs come from the host. */
    public static ExecutionLedger open(PluginConfiguration configuration, DataSource blobs) {
        return open(configuration, ExecutionLimits.unlimited(), blobs);
    }

    /**
     * Opens (or creates) the store under the configured folder with the operator's snapshot-size and
     * store-size limits ({@link StoreLimits}); blobs come from the host.
     */
    public static ExecutionLedger open(PluginConfiguration configuration, ExecutionLimits limits, DataSource blobs) {
        StoreConfig config = StoreConfig.defaults().withLimits(
                new StoreLimits(limits.maxSnapshotBytes(), limits.maxStoreBytes()));
        try {
            return new StoreExecutionLedger(SnapshotStore.open(configuration.storeFolder(), config), blobs);
        } catch (StoreException e) {
            throw new IllegalStateException("cannot open the store at " + configuration.storeFolder() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SuspendedExecution> load(TxHash execution) throws LedgerException {
        try {
            Optional<StoredExecution> stored = store.get(execution);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            ExecutionMetadata m = stored.get().metadata();
            ByteBuffer a = ByteBuffer.wrap(m.attachment());
            if (a.remaining() < 1 || a.get() != ATTACHMENT_VERSION) {
                throw new LedgerException("execution " + execution + " has no plugin attachment", null);
            }
            int n = a.getInt();
            if (n < 0 || n > a.remaining() / Address.LENGTH) {
                throw new LedgerException("execution " + execution + " has a bad controller count", null);
            }
            List<Address> controllers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] address = new byte[Address.LENGTH];
                a.get(address);
                controllers.add(Address.of(address));
            }
            int scriptLength = a.getInt();
            if (scriptLength < 0 || scriptLength != a.remaining()) {
                throw new LedgerException("execution " + execution + " has a bad script length", null);
            }
            byte[] script = new byte[scriptLength];
            a.get(script);
            return Optional.of(new SuspendedExecution(execution, stored.get().snapshot(), script,
                    Address.fromHex(m.owner()), controllers, m.cyclesPaid(), m.segments(),
                    m.createdAtBlock().orElse(0)));
        } catch (StoreException | RuntimeException e) {
            throw new LedgerException("reading execution " + execution + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void suspend(TxHash tx, SuspendedExecution e) throws LedgerException {
        byte[] script = e.script();
        ByteBuffer a = ByteBuffer.allocate(1 + 4 + e.controllers().size() * Address.LENGTH + 4 + script.length);
        a.put((byte) ATTACHMENT_VERSION).putInt(e.controllers().size());
        e.controllers().forEach(c -> a.put(c.bytes()));
        a.putInt(script.length).put(script);
        // the store is never asked for wall-clock time: the block height is the creation time
        ExecutionMetadata metadata = new ExecutionMetadata(e.owner().toString(), 0, OptionalLong.of(e.createdAt()),
                e.budgetPaid(), e.segments(), a.array());
        try {
            store.put(e.execution(), e.snapshot(), metadata, blobs, tx);
        } catch (StoreException ex) {
            throw new LedgerException("suspending " + e.execution() + ": " + ex.getMessage(), ex,
                    ex.error() instanceof StoreError.LimitExceeded l ? l.limit() : null);
        }
    }

    @Override
    public void finish(TxHash tx, TxHash execution) throws LedgerException {
        try {
            store.delete(execution, tx);
        } catch (StoreException e) {
            throw new LedgerException("finishing " + execution + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean executed(TxHash tx) throws LedgerException {
        try {
            return store.executed(tx);
        } catch (StoreException e) {
            throw new LedgerException("reading the executed set: " + e.getMessage(), e);
        }
    }

    @Override
    public int suspendedBy(Address owner) throws LedgerException {
        try {
            return store.list(Optional.of(owner.toString())).entries().size();
        } catch (StoreException e) {
            throw new LedgerException("listing the executions of " + owner + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
