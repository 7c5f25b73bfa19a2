package org.ckbvm.elf;

import java.util.Objects;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.VersionRules;
import org.ckbvm.memory.Memory;

/**
 * CKB-VM {@code SupportMachine::load_binary}: maps the PT_LOAD segments of a parsed ELF into guest
 * memory. Setting pc to {@link ElfProgram#entry()} is left to the caller (the machine owns it).
 *
 * <p>For each action, in file order:
 * <ol>
 *   <li>{@code init_pages(addr, size, flags, file[p_offset, p_offset + p_filesz), pad)}: fails with
 *       {@code MemPageUnalignedAccess}, {@code MemOutOfBound} (segment outside memory) or
 *       {@code MemWriteOnFreezedPage} (a page an earlier segment froze); zeroes the pad, copies at
 *       most {@code size - pad} file bytes (a {@code p_filesz} larger than the mapping is silently
 *       truncated), zeroes the rest, marks the pages DIRTY and ORs in the flags;</li>
 *   <li>version 0 only: {@code store_byte(addr, pad, 0)} through the W^X-checked store. It is a
 *       no-op when the pad is 0; otherwise it fails with {@code MemWriteOnExecutablePage} on an
 *       executable segment whose {@code p_vaddr} is not page-aligned.</li>
 * </ol>
 * Pages keep their DIRTY flag after loading (v0.24 does not clear it).
 */
public final class ProgramLoader {
    private ProgramLoader() {}

    /**
     * Loads {@code program}, which must come from {@code ElfParser.parse(elf, ...)}.
     *
     * @return the sum of {@code p_filesz} over the PT_LOAD segments (the ELF part of the load cost),
     *         counted in full even where the mapping truncates it
     * @throws VmException with a memory error kind when a segment cannot be mapped
     */
    public static long load(Memory memory, byte[] elf, ElfProgram program, int version) {
        return load(memory, elf, program, VersionRules.forLoader(version));
    }

    /** {@link #load(Memory, byte[], ElfProgram, int)} under the given version's rules. */
    public static long load(Memory memory, byte[] elf, ElfProgram program, VersionRules rules) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(elf, "elf");
        Objects.requireNonNull(program, "program");
        for (LoadingAction action : program.actions()) {
            if (Long.compareUnsigned(action.sourceStart(), action.sourceEnd()) > 0
                    || Long.compareUnsigned(action.sourceEnd(), elf.length) > 0) {
                throw new IllegalArgumentException("loading action does not match this ELF: " + action);
            }
        }
        boolean zeroFill = rules.zeroFillsBeforeUnalignedSegment();
        long bytes = 0;
        for (LoadingAction action : program.actions()) {
            int start = (int) action.sourceStart();
            int length = (int) action.sourceLength();
            memory.initPages(action.addr(), action.size(), action.flags(), elf, start, length,
                    action.offsetFromAddr());
            if (zeroFill) {
                memory.fill(action.addr(), action.offsetFromAddr(), (byte) 0);
            }
            long next = bytes + length;
            if (Long.compareUnsigned(next, bytes) < 0) {
                throw new VmException(new VmError.Unexpected("The bytes count overflowed on loading elf"));
            }
            bytes = next;
        }
        return bytes;
    }
}
