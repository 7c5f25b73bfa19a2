package org.ckbvm.machine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A region of traces translated to JVM bytecode by a {@link TraceTranslator}: a hidden class
 * extending this one, defined in this package by {@link #define} so that it reads the machine's
 * registers, memory and trace cache directly. The class has one instance per trace it contains
 * (its {@link #entry}): {@link TraceInfo#region()} of each of those traces is the instance that
 * enters the region at that trace.
 *
 * <p>{@link #run} is entered right after the trace at pc was charged, with pc at that trace's
 * start. It returns with registers, pc, cycles and the instruction statistic stored back into
 * the machine, at the start of a trace the reference loop would look up next, or throws the
 * {@code VmException} the reference interpreter would throw, with the machine in the state the
 * interpreter leaves. Its result is the region to run next, already charged by {@link #next}
 * (chaining: a jump, call or return into another translated region does not go back through the
 * run loop), or null: the run loop takes over at pc.
 */
public abstract class CompiledRegion {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /** The traces the region contains. */
    public final int blocks;
    /** Which of them this instance enters at (the index in the translator's block order). */
    public final int entry;

    protected CompiledRegion(int blocks, int entry) {
        this.blocks = blocks;
        this.entry = entry;
    }

    /** Runs the region; package-private, so only the run loop (and tests of this package) enter it. */
    abstract CompiledRegion run(Machine machine);

    /**
     * The chaining step of a region's exit, after it stored everything back: the run loop's own
     * fast path for the trace at pc. If the trace cache holds a trace starting exactly at pc
     * whose region is known, and charging it stays within the limit, charges it as the run loop
     * would and returns its region; else null, and the run loop looks pc up itself (and meets
     * the same outcome: decoding, the limit, a zero-length trace, the interpreter).
     */
    static CompiledRegion next(Machine machine) {
        long pc = machine.pc;
        TraceCache traces = machine.traces;
        int slot = TraceCache.slot(pc);
        TraceInfo info = traces.info[slot];
        if (info == null || info.address != pc || traces.ids[slot] != info.id || traces.count[slot] == 0) {
            return null;
        }
        CompiledRegion region = info.region;
        if (region == null) {
            return null;
        }
        long cycles = machine.cycles;
        if (!Machine.chargeable(cycles, info.cycles, machine.maxCycles)) {
            return null;
        }
        machine.cycles = cycles + info.cycles;
        machine.instructionsRetired += info.instructions;
        machine.regionEntries++;
        machine.chainedEntries++;
        return machine.entered(info, region);
    }

    /**
     * Defines a translated region: {@code classBytes} is a class of this package that extends
     * {@code CompiledRegion} and has a constructor taking the entry index; {@code classData} is
     * what its constants read through {@code MethodHandles.classData} (null: none). Returns one
     * instance per entry, {@code [0, blocks)}.
     */
    public static CompiledRegion[] define(byte[] classBytes, Object classData, int blocks)
            throws ReflectiveOperationException {
        MethodHandles.Lookup hidden = classData == null ? LOOKUP.defineHiddenClass(classBytes, true)
                : LOOKUP.defineHiddenClassWithClassData(classBytes, classData, true);
        if (!CompiledRegion.class.isAssignableFrom(hidden.lookupClass())) {
            throw new IllegalArgumentException("not a CompiledRegion: " + hidden.lookupClass());
        }
        try {
            var constructor = hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class, int.class))
                    .asType(MethodType.methodType(CompiledRegion.class, int.class));
            CompiledRegion[] entries = new CompiledRegion[blocks];
            for (int i = 0; i < blocks; i++) {
                entries[i] = (CompiledRegion) constructor.invokeExact(i);
                if (entries[i].blocks != blocks || entries[i].entry != i) {
                    throw new IllegalArgumentException("region class disagrees on its blocks");
                }
            }
            return entries;
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
