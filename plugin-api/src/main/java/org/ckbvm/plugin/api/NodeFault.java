package org.ckbvm.plugin.api;

/**
 * A local fault of this node, never a transaction's outcome: the disk, a corrupt entry met while
 * reading, the plugin being stopped, or the host's data source failing. Receipts never depend on
 * such conditions; instead the plugin throws this, leaves the committed state as it was, and
 * the host must stop or retry the block (the open block can only be aborted). It is unchecked:
 * the methods that throw it say so, but the compiler will not remind a host to handle it.
 */
public final class NodeFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What failed locally. */
    public enum Kind {
        /** Reading or writing the state failed (I/O error, full disk). */
        STORAGE,
        /** A stored entry does not verify (bit rot, tampering, a truncated value). */
        CORRUPT_STATE,
        /** The plugin is stopping or stopped. */
        STOPPED,
        /** The host's data source failed (as opposed to not having a blob, which is a receipt). */
        DATA_SOURCE,
        /** The host asked for something the chain state cannot do (unknown parent, a rewind past the kept blocks). */
        INVALID_REQUEST,
        /** A broken invariant inside the plugin. */
        INTERNAL
    }

    /** What failed; part of the serialized form. */
    private final Kind kind;

    /**
     * A fault with its cause.
     *
     * @param kind    what failed, not null
     * @param message what happened; the exception's message is {@code kind + ": " + message}
     * @param cause   the underlying exception, or null
     */
    public NodeFault(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    /**
     * A fault without an underlying exception.
     *
     * @param kind    what failed, not null
     * @param message what happened; the exception's message is {@code kind + ": " + message}
     */
    public NodeFault(Kind kind, String message) {
        this(kind, message, null);
    }

    /**
     * What failed.
     *
     * @return the kind given at construction
     */
    public Kind kind() {
        return kind;
    }
}
