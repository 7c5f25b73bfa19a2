package org.ckbvm.plugin.api;

import java.util.Optional;

/**
 * Where contract code and data come from; implemented by the node. The runtime never copies a
 * blob into a snapshot: it records (source id, offset, length) and asks the data source again on
 * resume, then checks the content hash.
 *
 * <p>Same contract as CKB-VM's {@code DataSource::load_data}: return the slice starting at
 * {@code offset} (clamped to the blob's length) of {@code length} bytes ({@code 0} = to the end),
 * together with the full remaining length from the offset; {@link DataSlice#of} implements exactly
 * that for an in-memory blob. Return empty when the id is unknown; the runtime reports it as a
 * missing data source naming the id. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DataSource {
    /**
     * Loads part of a blob. Called from the plugin's execution threads, concurrently.
     *
     * @param id     the blob's content hash
     * @param offset where the slice starts, an unsigned byte offset; past the end means an empty slice
     * @param length how many bytes, unsigned; 0 means "to the end"
     * @return the slice and the full remaining length, or empty when no blob has this id (the
     *         transaction then fails with {@link ExecutionError.MissingSource}); a thrown exception
     *         is a local fault instead ({@link NodeFault} of kind {@code DATA_SOURCE})
     */
    Optional<DataSlice> load(SourceId id, long offset, long length);
}
