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
    record InvalidEcall(long number) implements VmError {
        public String message() { return "invalid ecall " + number; }
    }
    record InvalidVersion() implements VmError {
        public String message() { return "invalid machine version for this configuration"; }
    }
    record CyclesOverflow() implements VmError {
        public String message() { return "cycles overflow u64"; }
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
