package org.ckbvm.jit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;

/**
 * Small static helpers called by compiled regions; each is tiny so that HotSpot inlines it.
 * Guest memory accesses here are unchecked: the compiled code has checked bounds (and, for
 * stores, the page's write-fast byte) before calling.
 */
public final class JitRuntime {
    private JitRuntime() {}

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public static long ld8s(byte[] m, int a) {
        return m[a];
    }

    public static long ld8u(byte[] m, int a) {
        return m[a] & 0xffL;
    }

    public static long ld16s(byte[] m, int a) {
        return (short) I16.get(m, a);
    }

    public static long ld16u(byte[] m, int a) {
        return (short) I16.get(m, a) & 0xffffL;
    }

    public static long ld32s(byte[] m, int a) {
        return (int) I32.get(m, a);
    }

    public static long ld32u(byte[] m, int a) {
        return (int) I32.get(m, a) & 0xffff_ffffL;
    }

    public static long ld64(byte[] m, int a) {
        return (long) I64.get(m, a);
    }

    public static void st8(byte[] m, int a, long v) {
        m[a] = (byte) v;
    }

    public static void st16(byte[] m, int a, long v) {
        I16.set(m, a, (short) v);
    }

    public static void st32(byte[] m, int a, long v) {
        I32.set(m, a, (int) v);
    }

    public static void st64(byte[] m, int a, long v) {
        I64.set(m, a, v);
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
