/**
 * The durable store of suspended executions: RocksDB, embedded. {@link org.ckbvm.store.SnapshotStore}
 * is the entry point (put, get, resume, delete, list, prune, export, import, verify, stats, and a
 * {@link org.ckbvm.plugin.api.DataSource} over its blobs). This is the only package that touches
 * RocksDB; it depends on {@code snapshot}, {@code source} and {@code plugin-api}, never the other
 * way. {@code STORE_FORMAT.md} beside these sources specifies the on-disk format.
 */
package org.ckbvm.store;
