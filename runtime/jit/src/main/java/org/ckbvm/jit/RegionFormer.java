package org.ckbvm.jit;

import static org.ckbvm.isa.PackedInstruction.imm;
import static org.ckbvm.isa.PackedInstruction.length;
import static org.ckbvm.isa.PackedInstruction.opcode;
import static org.ckbvm.isa.PackedInstruction.rd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ckbvm.isa.Opcodes;
import org.ckbvm.machine.CompiledRegion;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.TraceInfo;

/**
 * Which traces a region contains, and at which of them the run loop (or a chaining exit) enters
 * it. A region is its head and the traces reachable from it (branch targets and fall-throughs,
 * jump and call targets, return points after calls) that are in the machine's trace cache right
 * now, exactly as cached, breadth first within a bytecode budget. Nothing is decoded here: a
 * region runs the very traces the run loop would find in the cache (on versions 0 and 1 that can
 * be a trace cached for another pc with the same low 32 bits). Traces with a syscall or an
 * atomic are never part of a region.
 *
 * <p>Each trace is entered through one region at a time: its own entry goes to the first region
 * that claimed it. A region may also contain copies of traces entered through other regions, so
 * that a function, a loop nest or a callee stays in one region however its traces became hot
 * (early translation meets an inner loop first and a function's entry last); only the trace
 * entries move, never code, and every copy checks its trace-cache slot like any block. Fragments
 * of one or two traces move into the region formed next to them, and a retranslated region
 * ({@link RegionCompiler#retranslate}) keeps the entries of the traces it had.
 */
final class RegionFormer {
    private RegionFormer() {}

    /** Regions this small give their entries to a region formed next to them. */
    static final int ADOPT_BLOCKS = 2;

    /**
     * A formed region: its blocks, head first; for each, whether this region takes its entry;
     * and the traces claimed for it (to be given back if they end up without this region).
     */
    record Formed(List<TraceInfo> blocks, List<Boolean> entries, List<TraceInfo> claimed) {
        /** Keeps the first {@code n} blocks (a region whose bytecode came out too long). */
        void truncate(int n) {
            blocks.subList(n, blocks.size()).clear();
            entries.subList(n, entries.size()).clear();
        }

        /** Whether the region has entries other than those of {@code old}'s traces, or more blocks. */
        boolean grewFrom(CompiledRegion old) {
            return blocks.size() > old.blocks || !claimed.isEmpty();
        }
    }

    /**
     * Forms the region of {@code head} (claimed by the caller, or in the region {@code old} that
     * is being translated again, else null).
     */
    static Formed form(Machine machine, TraceInfo head, int budget, CompiledRegion old) {
        Formed f = new Formed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Set<Long> seen = new HashSet<>();
        ArrayDeque<TraceInfo> queue = new ArrayDeque<>();
        f.blocks.add(head);
        f.entries.add(true);
        seen.add(head.address);
        queue.add(head);
        int used = estimate(head);
        long[] succ = new long[3];
        while (!queue.isEmpty()) {
            TraceInfo b = queue.poll();
            int n = successors(b, succ);
            for (int k = 0; k < n; k++) {
                long target = succ[k];
                if (!seen.add(target)) {
                    continue;
                }
                TraceInfo t = machine.cachedTrace(target);
                // a trace of length 0 never runs (ZeroLengthTrace): only the run loop meets it
                if (t == null || !t.compilable || t.length == 0 || t.id == 0) {
                    continue;
                }
                int cost = estimate(t);
                if (used + cost > budget) {
                    continue;
                }
                CompiledRegion in = t.region();
                boolean entry;
                if (in == null) {
                    if (!t.claimTranslation()) {
                        continue; // being translated elsewhere, or failed
                    }
                    f.claimed.add(t);
                    entry = true;
                } else {
                    entry = in.blocks <= ADOPT_BLOCKS || old != null && in.getClass() == old.getClass();
                }
                used += cost;
                f.blocks.add(t);
                f.entries.add(entry);
                queue.add(t);
            }
        }
        return f;
    }

    /** Static successors of a trace (targets, fall-through, return point after a call). */
    static int successors(TraceInfo b, long[] out) {
        long last = b.items[b.items.length - 1];
        long lastPc = b.end() - length(last);
        int op = opcode(last);
        switch (op) {
            case Opcodes.BEQ: case Opcodes.BNE: case Opcodes.BLT: case Opcodes.BGE:
            case Opcodes.BLTU: case Opcodes.BGEU:
                out[0] = lastPc + imm(last);
                out[1] = b.end();
                return 2;
            case Opcodes.JAL:
                out[0] = lastPc + imm(last);
                if (rd(last) != 0) {
                    out[1] = b.end();
                    return 2;
                }
                return 1;
            case Opcodes.JALR_VERSION0: case Opcodes.JALR_VERSION1:
                if (rd(last) != 0) {
                    out[0] = b.end();
                    return 1;
                }
                return 0;
            case Opcodes.FAR_JUMP_REL:
                out[0] = (lastPc + imm(last)) & ~1L;
                out[1] = b.end();
                return 2;
            case Opcodes.FAR_JUMP_ABS:
                out[0] = (long) imm(last) & ~1L;
                out[1] = b.end();
                return 2;
            default:
                out[0] = b.end();
                return 1;
        }
    }

    /** About the bytecode a trace becomes (a register read is 3 or 4 bytes, a write 7). */
    static int estimate(TraceInfo t) {
        int bytes = 40;
        for (long inst : t.items) {
            int op = opcode(inst);
            if (op >= Opcodes.LB_VERSION0 && op <= Opcodes.LWU_VERSION1) {
                bytes += 48;
            } else if (op >= Opcodes.SB && op <= Opcodes.SD) {
                bytes += 70;
            } else if (op >= Opcodes.ADC && op <= Opcodes.ADD3C) {
                bytes += 110;
            } else {
                bytes += 20;
            }
        }
        return bytes;
    }
}
