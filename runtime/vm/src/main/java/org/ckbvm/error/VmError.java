package org.ckbvm.error;

/**
 * Every way the machine can fail, named after CKB-VM's {@code Error} variants (v0.24.12) so that
 * {@link #kind()} is the name other implementations print. Payloads carry the pc, address,
 * page or instruction bits that explain the failure.
 */
public sealed interface VmError {

    /** CKB-VM's variant name, e.g. {@code MemOutOfBound}. */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** A one-line human description with the payload. */
    String message();

    // Memory
    record MemOutOfBound(long address) implements VmError {
        public String message() { return "memory access out of bound at 0x" + Long.toHexString(address); }
    }
    record MemWriteOnExecutablePage(long page) implements VmError {
        public String message() { return "W^X violation on page " + page; }
    }
    record MemWriteOnFreezedPage(long page) implements VmError {
        public String message() { return "write on freezed page " + page; }
    }
    record MemPageUnalignedAccess(long address) implements VmError {
        public String message() { return "page-unaligned access at 0x" + Long.toHexString(address); }
    }
    record MemOutOfStack() implements VmError {
        public String message() { return "arguments do not fit in the stack"; }
    }

    // Decoding and execution
    record InvalidInstruction(long pc, int instruction) implements VmError {
        public String message() {
            return String.format("invalid instruction 0x%08x at pc 0x%x", instruction, pc);
        }
    }
    /** {@code number} is a u64, printed unsigned as CKB-VM's {@code InvalidEcall(u64)} prints it. */
    record InvalidEcall(long number) implements VmError {
        public String message() { return "invalid ecall " + Long.toUnsignedString(number); }
    }
    record InvalidVersion() implements VmError {
        public String message() { return "invalid machine version for this configuration"; }
    }
    record CyclesOverflow() implements VmError {
        public String message() { return "cycles overflow u64"; }
    }
    /**
     * Ours, not CKB-VM's: the trace formed at {@code pc} covers exactly 256 bytes, so the byte
     * length CKB-VM's assembly machine keeps in a {@code u8} ({@code Trace.length}) is 0. That
     * machine treats a length of 0 as "no trace here" ({@code execute_x64.S}, trace entry: {@code je
     * .exit_trace}) and re-forms the same trace forever without charging a cycle; we stop before
     * running it, with pc and cycles at the trace start. The one known divergence from the
     * assembly machine (README, "Known divergence").
     */
    record ZeroLengthTrace(long pc) implements VmError {
        public String message() {
            return "the trace at pc 0x" + Long.toHexString(pc)
                    + " is 256 bytes long: CKB-VM's assembly machine would re-form it forever (u8 length 0)";
        }
    }

    // ELF
    record ElfBits() implements VmError {
        public String message() { return "ELF class does not match the 64-bit machine"; }
    }
    record ElfParseError(String reason) implements VmError {
        public String message() { return "ELF parse error: " + reason; }
    }
    record ElfSegmentUnreadable() implements VmError {
        public String message() { return "ELF segment is not readable"; }
    }
    record ElfSegmentWritableAndExecutable() implements VmError {
        public String message() { return "ELF segment is both writable and executable"; }
    }
    record ElfSegmentAddrOrSizeError() implements VmError {
        public String message() { return "ELF segment file range is outside the file"; }
    }

    // Syscalls and the host
    record External(String reason) implements VmError {
        public String message() { return reason; }
    }
    record SnapshotDataLoadError(String reason) implements VmError {
        public String message() { return "snapshot data load error: " + reason; }
    }
    record Unexpected(String reason) implements VmError {
        public String message() { return "unexpected: " + reason; }
    }
}
