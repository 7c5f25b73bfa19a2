package org.ckbvm.error;

/**
 * Carries a {@link VmError} out of deep code (memory, decoder, syscalls) to the run loop, which
 * turns it into a typed result. It never escapes the machine's public API. No stack trace is
 * filled in: these are expected outcomes of guest programs, not bugs.
 */
public final class VmException extends RuntimeException {
    private final transient VmError error;

    public VmException(VmError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public VmError error() {
        return error;
    }
}
