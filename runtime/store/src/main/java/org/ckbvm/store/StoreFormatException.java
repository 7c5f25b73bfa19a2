package org.ckbvm.store;

/**
 * A stored or exported value is not in the store's format (STORE_FORMAT.md): its bytes fail a
 * check (checksum, protobuf strictness, a constraint). The message names what failed.
 */
final class StoreFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    StoreFormatException(String message) {
        super(message);
    }
}
