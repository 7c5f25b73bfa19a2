package org.ckbvm.snapshot;

import java.util.Arrays;

/**
 * Consecutive pages with equal flags whose content is carried in the snapshot (CKB-VM Snapshot2
 * {@code dirty_pages}; Snapshot v1 carries one page per range).
 */
public record DirtyPageRange(long address, int flags, byte[] content) {
    public DirtyPageRange {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public int contentLength() {
        return content.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirtyPageRange d && address == d.address && flags == d.flags
                && Arrays.equals(content, d.content);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + flags * 17 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "DirtyPageRange[address=0x" + Long.toHexString(address) + ", flags=" + flags
                + ", bytes=" + content.length + "]";
    }
}
