package org.ckbvm.machine;

/**
 * When the JIT engines translate. A trace that the run loop has entered {@link #threshold} times
 * becomes the head of a region: it and the traces reachable from it that are in the trace cache
 * are translated together ({@link RegionCompiler}). After {@link #RECOMPILE_AFTER} entries of a
 * region its head is translated once more, since the trace cache then holds more of the code it
 * leads to.
 *
 * <p>{@link Engine#AUTO} waits longer than {@link Engine#JIT}: translating a region costs about a
 * millisecond of JVM work (bytecode generation, class definition, HotSpot's own compilation), the
 * time the interpreter needs for a few hundred thousand guest instructions, so a short run is
 * better left to the interpreter, and code the loop enters this often is almost always a loop
 * that pays it back many times. Both thresholds can be overridden with the system properties
 * {@code ckbvm.jit.threshold} and {@code ckbvm.auto.threshold}; translated code is shared by every
 * machine of the process ({@link TraceTable}), so a program run again starts fast.
 */
final class JitPolicy {
    private JitPolicy() {}

    static final int JIT_THRESHOLD = Integer.getInteger("ckbvm.jit.threshold", 32);
    static final int AUTO_THRESHOLD = Integer.getInteger("ckbvm.auto.threshold", 2000);
    static final int RECOMPILE_AFTER = Integer.getInteger("ckbvm.jit.recompile", 256);
    /** At most this many recompilations of one head. */
    static final int MAX_RECOMPILES = 2;
    /** Print translation events to stderr. */
    static final boolean VERBOSE = Boolean.getBoolean("ckbvm.jit.verbose");

    static int threshold(Engine engine) {
        return Math.max(1, engine == Engine.JIT ? JIT_THRESHOLD : AUTO_THRESHOLD);
    }
}
