package org.ckbvm.audit;

import java.io.IOException;
import java.util.List;

import org.ckbvm.plugin.api.DataSource;

/**
 * A collection of suspended executions to audit. {@link Auditor} needs nothing else, so a new
 * kind of collection is one small class: {@link SnapshotFiles} (snapshot files and blob files
 * given on the command line) and the node's store ({@code audit --db DIR}, adapted in
 * {@code cli.StoreExecutions}, so this package does not depend on the store).
 *
 * <p>Ids are listed first and executions loaded one at a time, so a store with many executions
 * is audited in constant memory. The blobs come from the collection too: an auditor who does not
 * trust the collection still does not have to, because every blob is checked against its hash
 * and every root is recomputed.
 */
public interface SuspendedExecutions extends AutoCloseable {

    /** What is being audited, for the report (e.g. {@code 2 snapshot files}). */
    String describe();

    /** The ids of the executions, in a stable order. */
    List<String> ids() throws IOException;

    /** One execution. */
    SuspendedExecution load(String id) throws IOException;

    /** Where the program and source blobs the snapshots reference are found, by content hash. */
    DataSource blobs();

    @Override
    default void close() throws IOException {}
}
