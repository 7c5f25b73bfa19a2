package org.ckbvm.elf;

/**
 * One PT_LOAD segment turned into a memory mapping (CKB-VM {@code elf::LoadingAction}).
 *
 * <p>All values are u64 held in {@code long} (compare unsigned). {@code addr} and {@code size} are
 * page-aligned by construction but are not range-checked: {@code init_pages} does that at load time.
 *
 * @param addr           {@code round_down(p_vaddr, 4096)}
 * @param size           {@code round_up(p_memsz + pad, 4096)}, wrapping u64 arithmetic
 * @param flags          page flags to OR in ({@code Memory.FLAG_*})
 * @param sourceStart    {@code p_offset}: first file byte of the segment
 * @param sourceEnd      {@code p_offset + p_filesz}: end (exclusive), {@code sourceStart <= sourceEnd <= file length}
 * @param offsetFromAddr {@code pad = p_vaddr - addr}, in {@code [0, 4096)}
 */
public record LoadingAction(long addr, long size, int flags, long sourceStart, long sourceEnd, long offsetFromAddr) {

    /** {@code p_filesz}: the bytes this segment contributes to the load cost. */
    public long sourceLength() {
        return sourceEnd - sourceStart;
    }
}
