package org.ckbvm.isa;

/**
 * Where macro-op fusion looks ahead: the raw (unfused) instruction at an address, or
 * {@link InstructionDecoder#INVALID} when it cannot be fetched or decoded. CKB-VM treats any
 * error while looking ahead as "no fusion".
 */
public interface RawInstructionSource {
    long rawAt(long pc);
}
