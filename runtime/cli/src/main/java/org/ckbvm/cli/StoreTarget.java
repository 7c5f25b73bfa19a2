package org.ckbvm.cli;

import java.nio.file.Path;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreConfig;
import org.ckbvm.store.StoreException;
import org.ckbvm.store.StoreLimits;

import picocli.CommandLine.Option;

/**
 * {@code --db DIR --tx HASH [--max-snapshot-bytes N] [--max-store-bytes N]}: for {@code run} and
 * {@code resume}, suspend into (and resume from) the store instead of a snapshot file.
 */
final class StoreTarget {
    @Option(names = "--db", paramLabel = "DIR",
            description = "Suspend into / resume from the store in DIR (with --tx) instead of a snapshot file.")
    Path db;

    @Option(names = "--tx", paramLabel = "HASH", converter = Values.Hash.class,
            description = "The transaction hash (64 hex digits, 0x allowed) the execution is stored under.")
    TxHash tx;

    @Option(names = "--max-snapshot-bytes", paramLabel = "SIZE", converter = Values.Size.class,
            description = "Refuse to store a larger snapshot (e.g. 8MiB).")
    Long maxSnapshotBytes;

    @Option(names = "--max-store-bytes", paramLabel = "SIZE", converter = Values.Size.class,
            description = "Refuse writes that would grow the store past SIZE live bytes.")
    Long maxStoreBytes;

    boolean enabled() {
        return db != null || tx != null;
    }

    TxHash txHash() {
        if (db == null || tx == null) {
            throw UsageException.of("--db and --tx go together: give both, or neither");
        }
        return tx;
    }

    SnapshotStore open(boolean create) throws StoreException {
        StoreLimits limits = new StoreLimits(
                maxSnapshotBytes == null ? Long.MAX_VALUE : maxSnapshotBytes,
                maxStoreBytes == null ? Long.MAX_VALUE : maxStoreBytes);
        return org.ckbvm.suspension.StoreResumer.open(db, StoreConfig.defaults().withLimits(limits).withCreateIfMissing(create));
    }
}
