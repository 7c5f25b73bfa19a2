package org.ckbvm.store;

/** A store operation that failed, with its typed {@link StoreError reason}. */
public final class StoreException extends Exception {
    private final transient StoreError error;

    public StoreException(StoreError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    /** An I/O failure keeps its cause and stack trace: that is what an operator debugs it with. */
    StoreException(StoreError.Io error, Throwable cause) {
        super(error.message(), cause);
        this.error = error;
    }

    /** So does damage RocksDB reports. */
    StoreException(StoreError.Damaged error, Throwable cause) {
        super(error.message(), cause);
        this.error = error;
    }

    public StoreError error() {
        return error;
    }
}
