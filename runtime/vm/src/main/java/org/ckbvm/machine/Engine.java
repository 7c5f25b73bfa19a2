package org.ckbvm.machine;

import java.util.Locale;

/**
 * How a {@link Machine} executes guest code. Every engine produces identical cycles, exit codes,
 * registers, memory, errors and stop points: they differ only in speed.
 * <ul>
 *   <li>{@link #INTERP}: the reference interpreter ({@code Machine.executeTrace}) for every trace.</li>
 *   <li>{@link #JIT}: traces entered often are translated, with the traces reachable from them,
 *       into JVM bytecode (by the installed {@link TraceTranslator}, module {@code ckbvm-jit}); a low threshold, so even short runs compile.</li>
 *   <li>{@link #AUTO} (the default): the JIT with thresholds that let short runs finish on the
 *       interpreter and translate only code hot enough for translation to pay
 *       (see {@link JitPolicy}).</li>
 * </ul>
 */
public enum Engine {
    INTERP, JIT, AUTO;

    /** The engine new machines use: system property {@code ckbvm.engine}, else {@link #AUTO}. */
    public static Engine defaultEngine() {
        String property = System.getProperty("ckbvm.engine");
        return property == null || property.isBlank() ? AUTO : parse(property);
    }

    public static Engine parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "interp": return INTERP;
            case "jit": return JIT;
            case "auto": return AUTO;
            default: throw new IllegalArgumentException("unknown engine '" + name + "' (expected interp, jit or auto)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
