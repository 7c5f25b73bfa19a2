package org.ckbvm.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;

/**
 * Guest memory: one flat {@code byte[]} plus one flag byte per 4 KiB page, with CKB-VM's W^X
 * rules (ckb-vm src/memory/wxorx.rs; the asm machine is equivalent):
 * <ul>
 *   <li>stores need every touched page to have the EXECUTABLE bit clear, else
 *       {@code MemWriteOnExecutablePage}; they set DIRTY on every touched page;</li>
 *   <li>instruction fetch needs every touched page to have EXECUTABLE set, else the same
 *       {@code MemWriteOnExecutablePage} (CKB-VM uses that variant for both);</li>
 *   <li>loads are not permission-checked: code pages are readable;</li>
 *   <li>misaligned accesses are allowed; an access past the end is {@code MemOutOfBound}.</li>
 * </ul>
 * Memory starts as all zeros. Multi-byte values are little-endian. The hot accessors allocate
 * nothing.
 */
public final class Memory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** CKB-VM's RISCV_MAX_MEMORY, the default memory size: 4 MiB. */
    public static final long DEFAULT_SIZE = 4L << 20;
    /** The largest memory this implementation accepts (a Java array holds it). */
    public static final long MAX_SIZE = 1L << 30;

    public static final int FLAG_FREEZED = 0b001;
    public static final int FLAG_EXECUTABLE = 0b010;
    public static final int FLAG_DIRTY = 0b100;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Compared against by {@link #isZeroPage}; never written. */
    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    private final byte[] bytes;
    private final byte[] flags;
    private final long size;
    /**
     * Pages whose content or flags may have changed since {@link #takeTouchedPages()} last ran,
     * as a marker per page plus the list of marked pages, so that state-root upkeep costs
     * O(pages written), never O(memory).
     */
    private final byte[] touched;
    private final int[] touchedList;
    private int touchedCount;
    /**
     * One byte per page, 1 only while a store to that page needs no bookkeeping: the page is
     * DIRTY, not EXECUTABLE, and already in the touched record. Set only by a checked store;
     * cleared by every operation that could make it false (flag changes, taking the touched
     * record, clearing). Compiled code ({@code org.ckbvm.machine}'s JIT) stores directly into
     * such pages and calls the checked store otherwise, so every write path marks pages exactly
     * as the checked stores do.
     */
    private final byte[] writeFast;

    public Memory(long size) {
        if (size <= 0 || size > MAX_SIZE || (size & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("memory size must be a positive multiple of "
                    + PAGE_SIZE + " up to " + MAX_SIZE + ", got " + size);
        }
        this.size = size;
        this.bytes = new byte[(int) size];
        this.flags = new byte[(int) (size >>> PAGE_SHIFT)];
        this.touched = new byte[flags.length];
        this.touchedList = new int[flags.length];
        this.writeFast = new byte[flags.length];
    }

    public long size() {
        return size;
    }

    public int pageCount() {
        return flags.length;
    }

    /** Zeroes memory and flags (CKB-VM {@code reset}). */
    public void clear() {
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(flags, (byte) 0);
        Arrays.fill(writeFast, (byte) 0);
        for (int p = 0; p < flags.length; p++) {
            touch(p);
        }
    }

    private void touch(int page) {
        if (touched[page] == 0) {
            touched[page] = 1;
            touchedList[touchedCount++] = page;
        }
    }

    /**
     * The pages written or re-flagged since the previous call, ascending; resets the record.
     *
     * <p>There is one record per memory and taking it empties it, so it has exactly one owner: the
     * state-root tree ({@code org.ckbvm.snapshot.StateRootTree}) of the machine that holds this
     * memory. Any other caller would hide those pages from the tree and leave its root stale.
     */
    public int[] takeTouchedPages() {
        int[] pages = Arrays.copyOf(touchedList, touchedCount);
        for (int p : pages) {
            touched[p] = 0;
            writeFast[p] = 0;
        }
        touchedCount = 0;
        Arrays.sort(pages);
        return pages;
    }

    // ---- page flags -------------------------------------------------------------------------

    public int flag(long page) {
        checkPage(page);
        return flags[(int) page];
    }

    public void setFlag(long page, int flag) {
        checkPage(page);
        flags[(int) page] |= (byte) flag;
        writeFast[(int) page] = 0;
        touch((int) page);
    }

    public void clearFlag(long page, int flag) {
        checkPage(page);
        flags[(int) page] &= (byte) ~flag;
        writeFast[(int) page] = 0;
        touch((int) page);
    }

    private void checkPage(long page) {
        if (page < 0 || page >= flags.length) {
            throw new VmException(new VmError.MemOutOfBound(page << PAGE_SHIFT));
        }
    }

    // ---- guest loads (no permission check) ----------------------------------------------------

    /** Bounds check of CKB-VM version 1+: the access may end exactly at the end of memory. */
    private int checkRead(long addr, int width) {
        if (Long.compareUnsigned(addr, size - width) > 0) {
            throw new VmException(new VmError.MemOutOfBound(addr));
        }
        return (int) addr;
    }

    public long load8(long addr) {
        return bytes[checkRead(addr, 1)] & 0xffL;
    }

    public long load16(long addr) {
        return (short) I16.get(bytes, checkRead(addr, 2)) & 0xffffL;
    }

    public long load32(long addr) {
        return (int) I32.get(bytes, checkRead(addr, 4)) & 0xffff_ffffL;
    }

    public long load64(long addr) {
        return (long) I64.get(bytes, checkRead(addr, 8));
    }

    // ---- guest stores (W^X checked, mark DIRTY) -----------------------------------------------

    private int checkWrite(long addr, int width) {
        if (Long.compareUnsigned(addr, size - width) > 0) {
            throw new VmException(new VmError.MemOutOfBound(addr));
        }
        int first = (int) (addr >>> PAGE_SHIFT);
        int last = (int) ((addr + width - 1) >>> PAGE_SHIFT);
        if (writeFast[first] != 0 && writeFast[last] != 0) {
            // DIRTY, not EXECUTABLE and touched already (the invariant of writeFast): what
            // follows would check nothing that fails and change nothing
            return (int) addr;
        }
        if ((flags[first] & FLAG_EXECUTABLE) != 0) {
            throw new VmException(new VmError.MemWriteOnExecutablePage(first));
        }
        if (last != first && (flags[last] & FLAG_EXECUTABLE) != 0) {
            throw new VmException(new VmError.MemWriteOnExecutablePage(last));
        }
        flags[first] |= FLAG_DIRTY;
        flags[last] |= FLAG_DIRTY;
        if (touched[first] == 0 || touched[last] == 0) {
            touch(first);
            touch(last);
        }
        writeFast[first] = 1;
        writeFast[last] = 1;
        return (int) addr;
    }

    public void store8(long addr, long value) {
        bytes[checkWrite(addr, 1)] = (byte) value;
    }

    public void store16(long addr, long value) {
        I16.set(bytes, checkWrite(addr, 2), (short) value);
    }

    public void store32(long addr, long value) {
        I32.set(bytes, checkWrite(addr, 4), (int) value);
    }

    public void store64(long addr, long value) {
        I64.set(bytes, checkWrite(addr, 8), value);
    }

    // ---- raw views for compiled code (org.ckbvm.machine's JIT) -------------------------------

    /**
     * The guest bytes themselves, for compiled code that bounds-checks its loads and, for stores,
     * consults {@link #writeFastPages()} first. Nothing else may write through this array.
     */
    public byte[] rawBytes() {
        return bytes;
    }

    /**
     * Per page, 1 while a store there needs no W^X check and no DIRTY or touched bookkeeping (see
     * the field). Read-only for callers; a store to a page showing 0 must go through
     * {@link #store64} and the other checked stores.
     */
    public byte[] writeFastPages() {
        return writeFast;
    }

    // ---- instruction fetch (needs EXECUTABLE) ---------------------------------------------------

    private int checkFetch(long addr, int width) {
        if (Long.compareUnsigned(addr, size - width) > 0) {
            throw new VmException(new VmError.MemOutOfBound(addr));
        }
        int first = (int) (addr >>> PAGE_SHIFT);
        int last = (int) ((addr + width - 1) >>> PAGE_SHIFT);
        if ((flags[first] & FLAG_EXECUTABLE) == 0) {
            throw new VmException(new VmError.MemWriteOnExecutablePage(first));
        }
        if (last != first && (flags[last] & FLAG_EXECUTABLE) == 0) {
            throw new VmException(new VmError.MemWriteOnExecutablePage(last));
        }
        return (int) addr;
    }

    /** CKB-VM {@code execute_load16}. */
    public int fetch16(long pc) {
        return (short) I16.get(bytes, checkFetch(pc, 2)) & 0xffff;
    }

    /** CKB-VM {@code execute_load32}. */
    public int fetch32(long pc) {
        return (int) I32.get(bytes, checkFetch(pc, 4));
    }

    // ---- bulk operations used by the loader, syscalls and snapshots -----------------------------

    /**
     * CKB-VM {@code store_bytes}: W^X checked on every touched page, marks them DIRTY.
     * A zero-length store is a no-op.
     */
    public void storeBytes(long addr, byte[] src, int offset, int length) {
        if (length == 0) {
            return;
        }
        checkRange(addr, length);
        checkWritablePages(addr, length);
        System.arraycopy(src, offset, bytes, (int) addr, length);
        markDirty(addr, length);
    }

    /** CKB-VM {@code store_byte}: fills {@code length} bytes with {@code value}, W^X checked. */
    public void fill(long addr, long length, byte value) {
        if (length == 0) {
            return;
        }
        checkRange(addr, length);
        checkWritablePages(addr, length);
        Arrays.fill(bytes, (int) addr, (int) (addr + length), value);
        markDirty(addr, length);
    }

    /** Reads bytes without permission checks (syscalls reading guest buffers). */
    public byte[] loadBytes(long addr, int length) {
        checkRange(addr, length);
        return Arrays.copyOfRange(bytes, (int) addr, (int) addr + length);
    }

    /** Copies bytes out without permission checks into {@code dst}. */
    public void loadBytes(long addr, byte[] dst, int offset, int length) {
        checkRange(addr, length);
        System.arraycopy(bytes, (int) addr, dst, offset, length);
    }

    /**
     * CKB-VM {@code init_pages(addr, size, flags, source, offset_from_addr)}: maps whole pages with
     * {@code pageFlags} ORed in, writing zeros for {@code offsetFromAddr} bytes, then up to
     * {@code size - offsetFromAddr} bytes of {@code src[srcOffset, srcOffset + srcLength)}, then zeros.
     * Fails on unaligned addr/size, an out-of-range region, or any page already FREEZED.
     */
    public void initPages(long addr, long length, int pageFlags, byte[] src, int srcOffset, int srcLength,
                          long offsetFromAddr) {
        if ((addr & (PAGE_SIZE - 1)) != 0 || (length & (PAGE_SIZE - 1)) != 0) {
            throw new VmException(new VmError.MemPageUnalignedAccess(addr));
        }
        if (length == 0) {
            // CKB-VM's init_pages never calls get_page_indices for the whole range: with size 0
            // its bounds test is only addr <= memory size and offset_from_addr <= 0, the frozen-page
            // loop and fill_page_data do nothing, and it succeeds. An ELF PT_LOAD with memsz 0 at a
            // page-aligned vaddr reaches this.
            if (Long.compareUnsigned(addr, size) > 0 || offsetFromAddr != 0) {
                throw new VmException(new VmError.MemOutOfBound(addr));
            }
            return;
        }
        checkRange(addr, length);
        if (Long.compareUnsigned(offsetFromAddr, length) > 0) {
            throw new VmException(new VmError.MemOutOfBound(addr));
        }
        int firstPage = (int) (addr >>> PAGE_SHIFT);
        int lastPage = (int) ((addr + length - 1) >>> PAGE_SHIFT);
        for (int p = firstPage; p <= lastPage; p++) {
            if ((flags[p] & FLAG_FREEZED) != 0) {
                throw new VmException(new VmError.MemWriteOnFreezedPage(p));
            }
        }
        for (int p = firstPage; p <= lastPage; p++) {
            flags[p] |= (byte) pageFlags;
            writeFast[p] = 0;
            touch(p);
        }
        int base = (int) addr;
        int pad = (int) offsetFromAddr;
        int copy = (int) Math.min(srcLength, length - offsetFromAddr);
        Arrays.fill(bytes, base, base + pad, (byte) 0);
        if (copy > 0) {
            System.arraycopy(src, srcOffset, bytes, base + pad, copy);
        }
        Arrays.fill(bytes, base + pad + Math.max(copy, 0), base + (int) length, (byte) 0);
        markDirty(addr, length);
    }

    private void checkRange(long addr, long length) {
        if (length < 0 || Long.compareUnsigned(addr, size) >= 0 || Long.compareUnsigned(length, size - addr) > 0) {
            throw new VmException(new VmError.MemOutOfBound(addr));
        }
    }

    private void checkWritablePages(long addr, long length) {
        int firstPage = (int) (addr >>> PAGE_SHIFT);
        int lastPage = (int) ((addr + length - 1) >>> PAGE_SHIFT);
        for (int p = firstPage; p <= lastPage; p++) {
            if ((flags[p] & FLAG_EXECUTABLE) != 0) {
                throw new VmException(new VmError.MemWriteOnExecutablePage(p));
            }
        }
    }

    private void markDirty(long addr, long length) {
        int firstPage = (int) (addr >>> PAGE_SHIFT);
        int lastPage = (int) ((addr + length - 1) >>> PAGE_SHIFT);
        for (int p = firstPage; p <= lastPage; p++) {
            flags[p] |= FLAG_DIRTY;
            touch(p);
        }
    }

    /** Whether one page's bytes are all zero (flags are not looked at). Allocates nothing. */
    public boolean isZeroPage(long page) {
        checkPage(page);
        int start = (int) (page << PAGE_SHIFT);
        return Arrays.mismatch(bytes, start, start + PAGE_SIZE, ZERO_PAGE, 0, PAGE_SIZE) < 0;
    }

    /** Copies one page's bytes into {@code dst[offset, offset + PAGE_SIZE)}. Allocates nothing. */
    public void copyPage(long page, byte[] dst, int offset) {
        checkPage(page);
        System.arraycopy(bytes, (int) (page << PAGE_SHIFT), dst, offset, PAGE_SIZE);
    }

    /** A copy of one page's bytes. */
    public byte[] page(long page) {
        checkPage(page);
        int start = (int) (page << PAGE_SHIFT);
        return Arrays.copyOfRange(bytes, start, start + PAGE_SIZE);
    }
}
