package org.ckbvm.machine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When the JIT engines translate. A trace that the run loop has entered {@link #threshold} times
 * becomes the head of a region: it and the traces reachable from it that are in the trace cache
 * and in no region yet are translated together (by the installed {@link TraceTranslator}). After
 * {@link #RECOMPILE_AFTER} entries of a region at its head, the head is translated once more,
 * since the trace cache then holds more of the code it leads to.
 *
 * <p>{@link Engine#JIT} translates early: after {@link #JIT_THRESHOLD} entries, from the start.
 * {@link Engine#AUTO} depends on how warm the process is:
 * <ul>
 *   <li>in a warm process (machines of this process have retired {@link #COLD_PROCESS}
 *       instructions, so HotSpot has compiled the interpreter), a run translates only once it
 *       has retired {@link #AUTO_AFTER} instructions, and only traces entered
 *       {@link #AUTO_THRESHOLD} times from then on (entries before are not counted: the count is
 *       a store per trace entry into a {@link TraceInfo} every machine shares). Translation does
 *       not pay at first: HotSpot first interprets a new region's bytecode, then spends
 *       milliseconds compiling it, and on a short run
 *       (a million instructions is a few milliseconds on the compiled interpreter) that costs
 *       more than it saves;</li>
 *   <li>in a cold process (a command-line run, the first contracts a node runs) it translates as
 *       {@link Engine#JIT} does: there the interpreter itself is still being interpreted and
 *       compiled by HotSpot, at a few MIPS, and translated code, small methods HotSpot compiles
 *       quickly, gets fast sooner than it does.</li>
 * </ul>
 * Translated code is shared by every machine of the process ({@link TraceTable}), so a program
 * already translated runs translated from its first instruction under both engines. The system
 * properties {@code ckbvm.jit.threshold}, {@code ckbvm.auto.threshold}, {@code ckbvm.auto.after}
 * and {@code ckbvm.auto.cold} override the numbers.
 */
final class JitPolicy {
    private JitPolicy() {}

    static final int JIT_THRESHOLD = Integer.getInteger("ckbvm.jit.threshold", 100);
    static final int AUTO_THRESHOLD = Integer.getInteger("ckbvm.auto.threshold", 1000);
    /**
     * A contract of up to 5 million cycles (so at most 5 million instructions, each costing at
     * least one) never starts translating in a warm process: translating in its last million or
     * two instructions made such a run slower (freshly defined regions run in HotSpot's bytecode
     * interpreter until compiled; sieve's first 4.2 million instructions took 35 ms with
     * translation from 3 million on, 26 ms without), and a longer run loses a few milliseconds.
     */
    static final long AUTO_AFTER = Long.getLong("ckbvm.auto.after", 5_000_000L);
    static final long COLD_PROCESS = Long.getLong("ckbvm.auto.cold", 50_000_000L);
    static final int RECOMPILE_AFTER = Integer.getInteger("ckbvm.jit.recompile", 256);

    /** Instructions retired by the finished runs of every machine of the process (a statistic). */
    private static final AtomicLong PROCESS_RETIRED = new AtomicLong();

    /** Counts a run's instructions towards the warmth of the process. */
    static void retired(long instructions) {
        if (instructions > 0 && PROCESS_RETIRED.get() < COLD_PROCESS) {
            PROCESS_RETIRED.addAndGet(instructions);
        }
    }

    private static boolean warm(Engine engine) {
        return engine == Engine.AUTO && PROCESS_RETIRED.get() >= COLD_PROCESS;
    }

    static long translateAfter(Engine engine) {
        return warm(engine) ? AUTO_AFTER : 0;
    }

    static int threshold(Engine engine) {
        return Math.max(1, warm(engine) ? AUTO_THRESHOLD : JIT_THRESHOLD);
    }
}
