package org.ckbvm.machine;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Translates hot traces into {@link CompiledRegion}s: the engine interface behind
 * {@link Engine#JIT} and {@link Engine#AUTO}. The {@code ckbvm-jit} module provides one through
 * {@link ServiceLoader}; without it a machine runs {@code AUTO} on the interpreter (the engines
 * differ only in speed) and refuses {@code JIT}.
 *
 * <p>A translator must keep every engine's result identical: a region runs exactly the traces the
 * reference loop would find in the trace cache, charging them as it would (see {@link CompiledRegion}).
 */
public interface TraceTranslator {
    /**
     * Called by the run loop when {@code head} became hot; translates its region and
     * {@link TraceInfo#install installs} it, or marks it {@link TraceInfo#translationFailed failed}.
     * Must not change the machine's state.
     */
    void translate(Machine machine, TraceInfo head);

    /**
     * Called after the {@link JitPolicy#RECOMPILE_AFTER}th entry into {@code head}'s region at
     * {@code head} (from the run loop or chained): the cache may hold more of the code around it
     * now. Must not change the machine's state.
     */
    void retranslate(Machine machine, TraceInfo head);

    /** The translator on the class path of this module, if any (looked up once). */
    static Optional<TraceTranslator> installed() {
        return Installed.TRANSLATOR;
    }

    /** Holder: the service lookup runs on first use. */
    final class Installed {
        private Installed() {}

        static final Optional<TraceTranslator> TRANSLATOR =
                ServiceLoader.load(TraceTranslator.class, TraceTranslator.class.getClassLoader()).findFirst();
    }
}
