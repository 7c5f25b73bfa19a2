package org.ckbvm.elf;

import java.util.List;

/**
 * The parsed form of an ELF that CKB-VM needs (CKB-VM {@code elf::ProgramMetadata}): the PT_LOAD
 * segments in file order and the unchecked entry point.
 *
 * @param entry   {@code e_entry}, not validated (a bad entry fails at the first fetch)
 * @param actions one action per PT_LOAD program header, in program-header order
 */
public record ElfProgram(long entry, List<LoadingAction> actions) {

    public ElfProgram {
        actions = List.copyOf(actions);
    }

    /** Sum of {@code p_filesz} over the PT_LOAD segments: what {@code load_binary} returns. */
    public long fileBytes() {
        long total = 0;
        for (LoadingAction action : actions) {
            total += action.sourceLength();
        }
        return total;
    }
}
