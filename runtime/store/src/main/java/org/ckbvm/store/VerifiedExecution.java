package org.ckbvm.store;

import org.ckbvm.plugin.api.DataSource;

/**
 * A stored execution with every byte proven (record, pages, blobs, reassembly) but not yet
 * proven resumable: what the layer above resumes. Its blobs were read and checked together with
 * the snapshot, so the data source never sees a later change to the store.
 */
public record VerifiedExecution(StoredExecution stored, DataSource blobs) {}
