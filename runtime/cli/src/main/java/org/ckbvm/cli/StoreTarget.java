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

    @Option(names = "--tx", paramLabel = "HASH", description = "The transaction hash (64 hex digits) the execution is stored under.")
    String tx;

    @Option(names = "--max-snapshot-bytes", paramLabel = "SIZE", description = "Refuse to store a larger snapshot (e.g. 8MiB).")
    String maxSnapshotBytes;

    @Option(names = "--max-store-bytes", paramLabel = "SIZE", description = "Refuse writes that would grow the store past SIZE live bytes.")
    String maxStoreBytes;

    boolean enabled() {
        return db != null || tx != null;
    }

    TxHash txHash() {
        if (db == null || tx == null) {
            throw new IllegalArgumentException("--db and --tx go together");
        }
        return TxHash.fromHex(tx);
    }

    SnapshotStore open(boolean create) throws StoreException {
        StoreLimits limits = new StoreLimits(
                maxSnapshotBytes == null ? Long.MAX_VALUE : StoreArguments.bytes(maxSnapshotBytes),
                maxStoreBytes == null ? Long.MAX_VALUE : StoreArguments.bytes(maxStoreBytes));
        return org.ckbvm.suspension.StoreResumer.open(db, StoreConfig.defaults().withLimits(limits).withCreateIfMissing(create));
    }
}
