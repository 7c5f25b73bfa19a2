package org.ckbvm.plugin.api;

/**
 * What a {@link DataSource} returns: the requested bytes and the full length remaining from the
 * requested offset (CKB-VM's {@code (Bytes, u64)}).
 *
 * @param bytes      the slice (never longer than requested, unless the request was "to the end");
 *                   not copied, so neither side should change it after handing it over
 * @param fullLength bytes available from the offset to the end of the blob
 */
public record DataSlice(byte[] bytes, long fullLength) {

    /**
     * Slices a blob the way CKB's own data source does: the offset is clamped to the blob's
     * length, a length of 0 means "to the end", any other length is capped at what remains.
     * {@code offset} and {@code length} are read as unsigned 64-bit values, as the guest passes them.
     *
     * @param blob   the whole blob, not null; not modified
     * @param offset where the slice starts, in bytes from the blob's start
     * @param length how many bytes to take; 0 for everything from {@code offset} on
     * @return the slice (a copy) and the number of bytes from the clamped offset to the blob's end
     */
    public static DataSlice of(byte[] blob, long offset, long length) {
        long start = Long.compareUnsigned(offset, blob.length) > 0 ? blob.length : offset;
        long full = blob.length - start;
        long take = length == 0 || Long.compareUnsigned(length, full) > 0 ? full : length;
        byte[] bytes = new byte[(int) take];
        System.arraycopy(blob, (int) start, bytes, 0, (int) take);
        return new DataSlice(bytes, full);
    }
}
