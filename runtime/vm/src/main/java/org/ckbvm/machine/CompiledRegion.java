package org.ckbvm.machine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A region of traces translated to JVM bytecode by a {@link TraceTranslator}: a hidden class
 * extending this one, defined in this package by {@link #define} so that it reads the machine's
 * registers, memory and trace cache directly. {@link #run} is entered by the run loop right after
 * it charged the region's head trace, with pc at the head's start; it returns with registers, pc,
 * cycles and the instruction statistic stored back into the machine, at the start of a trace the
 * reference loop would look up next, or throws the {@code VmException} the reference interpreter
 * would throw, with the machine in the state the interpreter leaves.
 */
public abstract class CompiledRegion {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /** The traces the region contains (a statistic). */
    public final int blocks;

    protected CompiledRegion(int blocks) {
        this.blocks = blocks;
    }

    /** Runs the region; package-private, so only the run loop (and tests of this package) enter it. */
    abstract void run(Machine machine);

    /**
     * Defines a translated region: {@code classBytes} is a class of this package that extends
     * {@code CompiledRegion} and has a no-argument constructor.
     */
    public static CompiledRegion define(byte[] classBytes) throws ReflectiveOperationException {
        MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(classBytes, true);
        if (!CompiledRegion.class.isAssignableFrom(hidden.lookupClass())) {
            throw new IllegalArgumentException("not a CompiledRegion: " + hidden.lookupClass());
        }
        try {
            return (CompiledRegion) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
