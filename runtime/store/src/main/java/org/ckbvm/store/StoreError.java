package org.ckbvm.store;

import org.ckbvm.plugin.api.TxHash;

/** Why a store operation failed: the closed set, each with a one-line message naming what failed. */
public sealed interface StoreError {
    String message();

    /** The folder holds no store and the caller did not ask to create one. */
    record NoStore(String path) implements StoreError {
        public String message() { return "no store at " + path; }
    }

    /** The folder holds a RocksDB database that is not a ckbvm store (no format entry, foreign column families). */
    record NotAStore(String path, String detail) implements StoreError {
        public String message() { return path + " is not a ckbvm store: " + detail; }
    }

    /**
     * The store was written in a format this build does not read: a newer one (upgrade ckbvm), or
     * an unknown or older one (no migration exists yet, so it is refused rather than misread).
     */
    record UnsupportedFormat(String path, long found, int supported) implements StoreError {
        public String message() {
            return "store " + path + " has format version " + found + (found > supported
                    ? ", newer than this build's " + supported + ": upgrade ckbvm to open it"
                    : ", which this build (format " + supported + ") cannot read or migrate");
        }
    }

    /** Another process (or another open store in this one) holds the folder's lock. */
    record InUse(String path, String detail) implements StoreError {
        public String message() { return "store " + path + " is in use by another process: " + detail; }
    }

    /**
     * A value failed a check on read (layout, checksum, content hash, reassembly or state root).
     * It has been moved to the quarantine column family for inspection (unless it changed since it
     * was read); every other entry is still served.
     */
    record Corrupt(String columnFamily, String keyHex, String detail) implements StoreError {
        public String message() { return "corrupt " + columnFamily + " entry 0x" + keyHex + ": " + detail + " (quarantined)"; }
    }

    /**
     * RocksDB's own checks failed on opening the store (a file's checksum, a block that does not
     * read): damage below the store's format. Nothing can be served until the files are restored.
     */
    record Damaged(String path, String detail) implements StoreError {
        public String message() { return "store " + path + " is damaged: " + detail; }
    }

    /** A chain-state value failed a check on read (the chain store quarantines nothing: state is consensus). */
    record CorruptChainState(String columnFamily, String keyHex, String detail) implements StoreError {
        public String message() { return "corrupt chain-state " + columnFamily + " entry 0x" + keyHex + ": " + detail; }
    }

    /** An execution references a page or blob the store does not have (e.g. it was quarantined). */
    record MissingContent(TxHash tx, String columnFamily, String keyHex) implements StoreError {
        public String message() { return "execution " + tx + " references missing " + columnFamily + " entry 0x" + keyHex; }
    }

    /**
     * Every stored byte checked out, but the snapshot does not resume on this build (e.g. the
     * state-root definition changed in an upgrade). Not corruption: nothing is quarantined.
     */
    record NotResumable(TxHash tx, String detail) implements StoreError {
        public String message() { return "execution " + tx + " is intact but does not resume: " + detail; }
    }

    /** A snapshot offered for storing is not valid or does not resume to its own state root. */
    record InvalidSnapshot(String detail) implements StoreError {
        public String message() { return "snapshot refused: " + detail; }
    }

    /** A blob a snapshot needs is neither in the store nor in the data source the writer passed. */
    record BlobUnavailable(String sourceIdHex) implements StoreError {
        public String message() { return "blob 0x" + sourceIdHex + " is needed by the snapshot but was not supplied"; }
    }

    /** A write would pass an operator limit; nothing was changed. */
    record LimitExceeded(String limit, long requested, long maximum) implements StoreError {
        public String message() { return limit + " exceeded: " + requested + " bytes requested, at most " + maximum + " allowed"; }
    }

    /** An import (without replace) names a transaction that already has a stored execution. */
    record AlreadyExists(TxHash tx) implements StoreError {
        public String message() { return "execution " + tx + " is already stored"; }
    }

    /** An export file that is not one, or fails a check. */
    record BadExportFile(String detail) implements StoreError {
        public String message() { return "not a valid export file: " + detail; }
    }

    /** RocksDB or the file system failed. */
    record Io(String operation, String detail) implements StoreError {
        public String message() { return operation + " failed: " + detail; }
    }

    /** The store was closed. */
    record Closed() implements StoreError {
        public String message() { return "the store is closed"; }
    }
}
