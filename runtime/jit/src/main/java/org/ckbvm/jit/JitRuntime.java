package org.ckbvm.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;

/**
 * Small static helpers called by compiled regions; each is tiny so that HotSpot inlines it.
 * Guest memory accesses here are unchecked: the compiled code has checked bounds (and, for
 * stores, the page's write-fast byte) before calling, so every index is inside its array.
 *
 * <p>Accesses go through {@code sun.misc.Unsafe} where it is available on a little-endian
 * machine: its accessors are compiler intrinsics, one node each, where a byte-array view
 * {@link VarHandle} is a chain of methods that C1 and C2 inline for every access. Compiling a
 * region is the main cost of translation (C2 takes about half the time with intrinsics), and a
 * region has a memory access every few instructions. Elsewhere the same helpers use the view
 * handles ({@link #INTRINSICS} is a constant, so the compiled code keeps only one path).
 */
public final class JitRuntime {
    private JitRuntime() {}

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final sun.misc.Unsafe U = unsafe();
    /** Whether the Unsafe accessors are used (found, and the machine is little-endian like RISC-V). */
    static final boolean INTRINSICS = U != null && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long BYTES = INTRINSICS ? U.arrayBaseOffset(byte[].class) : 0;
    private static final long INTS = INTRINSICS ? U.arrayBaseOffset(int[].class) : 0;
    private static final long INT_SCALE = INTRINSICS ? U.arrayIndexScale(int[].class) : 4;

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    public static long ld8s(byte[] m, int a) {
        return INTRINSICS ? U.getByte(m, BYTES + a) : m[a];
    }

    public static long ld8u(byte[] m, int a) {
        return (INTRINSICS ? U.getByte(m, BYTES + a) : m[a]) & 0xffL;
    }

    public static long ld16s(byte[] m, int a) {
        return INTRINSICS ? U.getShort(m, BYTES + a) : (short) I16.get(m, a);
    }

    public static long ld16u(byte[] m, int a) {
        return (INTRINSICS ? U.getShort(m, BYTES + a) : (short) I16.get(m, a)) & 0xffffL;
    }

    public static long ld32s(byte[] m, int a) {
        return INTRINSICS ? U.getInt(m, BYTES + a) : (int) I32.get(m, a);
    }

    public static long ld32u(byte[] m, int a) {
        return (INTRINSICS ? U.getInt(m, BYTES + a) : (int) I32.get(m, a)) & 0xffff_ffffL;
    }

    public static long ld64(byte[] m, int a) {
        return INTRINSICS ? U.getLong(m, BYTES + a) : (long) I64.get(m, a);
    }

    public static void st8(byte[] m, int a, long v) {
        if (INTRINSICS) {
            U.putByte(m, BYTES + a, (byte) v);
        } else {
            m[a] = (byte) v;
        }
    }

    public static void st16(byte[] m, int a, long v) {
        if (INTRINSICS) {
            U.putShort(m, BYTES + a, (short) v);
        } else {
            I16.set(m, a, (short) v);
        }
    }

    public static void st32(byte[] m, int a, long v) {
        if (INTRINSICS) {
            U.putInt(m, BYTES + a, (int) v);
        } else {
            I32.set(m, a, (int) v);
        }
    }

    public static void st64(byte[] m, int a, long v) {
        if (INTRINSICS) {
            U.putLong(m, BYTES + a, v);
        } else {
            I64.set(m, a, v);
        }
    }

    /**
     * The write-fast byte of the page of {@code a} ({@code Memory.writeFastPages}); {@code a} is
     * inside memory, so its page is inside the array.
     */
    public static int page(byte[] writeFast, long a) {
        int page = (int) (a >>> 12);
        return INTRINSICS ? U.getByte(writeFast, BYTES + page) : writeFast[page];
    }

    /** The trace id in a trace-cache slot ({@code TraceCache.ids}); the slot is a constant below its length. */
    public static int id(int[] ids, int slot) {
        return INTRINSICS ? U.getInt(ids, INTS + INT_SCALE * slot) : ids[slot];
    }

    /** The error of a load past the bound (versions 0 and 1+ report the same). */
    public static VmException loadFault(long address) {
        return new VmException(new VmError.MemOutOfBound(address));
    }

    /**
     * The cycles a region may charge: {@code max - cycles}, clipped to a positive long. A trace
     * runs only if its cycles do not exceed what is left, which is the reference's check
     * {@code cycles + c <= max} (overflow included, since {@code max} is at most u64::MAX); a
     * clipped budget only makes the region return early to the loop, which checks again.
     */
    public static long budget(long cycles, long max) {
        if (Long.compareUnsigned(cycles, max) > 0) {
            return 0;
        }
        long left = max - cycles;
        return left < 0 ? Long.MAX_VALUE : left;
    }
}
