package org.ckbvm.machine;

/**
 * A region of traces translated to JVM bytecode by {@link RegionCompiler} (each one a hidden
 * class extending this). {@link #run} is entered by the run loop right after it charged the
 * region's head trace, with pc at the head's start; it returns with registers, pc, cycles and the
 * instruction statistic stored back into the machine, at the start of a trace the reference loop
 * would look up next, or throws the {@code VmException} the reference interpreter would throw,
 * with the machine in the state the interpreter leaves.
 */
abstract class CompiledRegion {
    /** The traces the region contains (a statistic). */
    final int blocks;

    protected CompiledRegion(int blocks) {
        this.blocks = blocks;
    }

    abstract void run(Machine machine);
}
