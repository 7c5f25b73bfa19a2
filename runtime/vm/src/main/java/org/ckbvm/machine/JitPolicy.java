package org.ckbvm.machine;

/**
 * When the JIT engines translate. A trace that the run loop has entered {@link #threshold} times
 * becomes the head of a region: it and the traces reachable from it that are in the trace cache
 * (except heads of other regions) are translated together (by the installed {@link TraceTranslator}). After
 * {@link #RECOMPILE_AFTER} entries of a region its head is translated once more, since the trace
 * cache then holds more of the code it leads to.
 *
 * <p>{@link Engine#AUTO} translates only in runs that have already retired
 * {@link #AUTO_AFTER} instructions, and only traces entered {@link #AUTO_THRESHOLD} times.
 * Translation does not pay at first: besides generating and defining the class, HotSpot first
 * interprets the new bytecode (tens of MIPS) and then spends tens of milliseconds per region
 * compiling it, which on short runs (a million instructions is a few milliseconds on the
 * interpreter) costs more than it saves. Translated code is shared by every machine of the
 * process ({@link TraceTable}), so a program already translated runs translated from its first
 * instruction under both engines. {@link Engine#JIT} translates early (after
 * {@link #JIT_THRESHOLD} entries, from the start). The system properties
 * {@code ckbvm.jit.threshold}, {@code ckbvm.auto.threshold} and {@code ckbvm.auto.after}
 * override the numbers.
 */
final class JitPolicy {
    private JitPolicy() {}

    static final int JIT_THRESHOLD = Integer.getInteger("ckbvm.jit.threshold", 100);
    static final int AUTO_THRESHOLD = Integer.getInteger("ckbvm.auto.threshold", 1000);
    static final long AUTO_AFTER = Long.getLong("ckbvm.auto.after", 3_000_000L);
    static final int RECOMPILE_AFTER = Integer.getInteger("ckbvm.jit.recompile", 256);

    static long translateAfter(Engine engine) {
        return engine == Engine.AUTO ? AUTO_AFTER : 0;
    }

    static int threshold(Engine engine) {
        return Math.max(1, engine == Engine.JIT ? JIT_THRESHOLD : AUTO_THRESHOLD);
    }
}
