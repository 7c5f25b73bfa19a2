package org.ckbvm.elf;

/**
 * What {@code load_program} leaves for the machine: the pc and SP to set and the byte counts it
 * charges on.
 *
 * @param entry      {@code e_entry}: the initial pc
 * @param sp         the initial SP (register x2)
 * @param elfBytes   sum of {@code p_filesz} of the PT_LOAD segments
 * @param stackBytes bytes used by the stack initialisation ({@code top - SP})
 * @param program    the parsed ELF (its loading actions tell which pages came from the file)
 */
public record LoadedProgram(long entry, long sp, long elfBytes, long stackBytes, ElfProgram program) {

    /** {@code elf_bytes + stack_bytes}: the value {@code load_program} returns. */
    public long totalBytes() {
        return elfBytes + stackBytes;
    }

    /** The cycles CKB charges before the first instruction: {@code ceil(totalBytes / 4)}. */
    public long loadCycles() {
        long total = totalBytes();
        return (total >>> 2) + ((total & 3) != 0 ? 1 : 0);
    }
}
