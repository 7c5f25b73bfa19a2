/**
 * The instruction table: what every RISC-V operation (and every fused macro-op) computes, once.
 *
 * <p>Each operation is a {@code public static} pure method on longs, grouped by family
 * ({@link IntegerOps} RV64I, {@link MultiplyOps} M, {@link BitManipulationOps} B, {@link AtomicOps}
 * A, {@link MemoryOps} loads and stores, {@link ControlOps} jumps and branches, {@link FusedOps}
 * macro-ops), as ckb-vm's {@code src/instructions/} does. These are the canonical definitions:
 * the interpreter ({@code machine.Interpreter}) calls them, and the JIT ({@code jit.AluEmitter})
 * emits {@code INVOKESTATIC} to them, except for operations that are a single JVM instruction
 * (add, xor, shifts, ...) or one HotSpot intrinsic (MULH), which it emits inline; loads, stores,
 * jumps, branches and the carry chains it writes out in bytecode on the machine's register array
 * ({@code jit.RegionEmitter}). {@code JitTableParityTest} checks for every opcode,
 * on random operands, that the JIT computes exactly what this table computes. Immediate forms use
 * the register form's method with the immediate as second operand (ADDI is {@code add(a, imm)}).
 *
 * <p>What differs between machine versions is not here but in {@link org.ckbvm.isa.VersionRules}.
 */
package org.ckbvm.isa.semantics;
