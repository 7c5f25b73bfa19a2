package org.ckbvm.jit;

import static org.ckbvm.isa.PackedInstruction.imm;
import static org.ckbvm.isa.PackedInstruction.length;
import static org.ckbvm.isa.PackedInstruction.opcode;
import static org.ckbvm.isa.PackedInstruction.rd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ckbvm.isa.Opcodes;
import org.ckbvm.machine.CompiledRegion;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.TraceInfo;
import org.ckbvm.machine.TraceTranslator;

/**
 * Translates a region of traces into one JVM method, so that HotSpot compiles guest code to
 * machine code. This class forms regions and defines their classes; {@link RegionEmitter} writes the
 * bytecode.
 *
 * <p><b>Region.</b> A hot head trace and the traces reachable from it through static successors
 * (branch targets and fall-throughs, jump targets, return points after calls) that are in the
 * machine's trace cache right now, exactly as cached (the intern table gives each content an id).
 * Nothing is decoded here: decoding would change the decoder cache, which is part of the
 * semantics. Traces with a syscall or an atomic are never part of a region.
 *
 * <p><b>Exactness.</b> Each trace of the region is a block: on entry it checks that its trace
 * cache slot holds its id (the reference loop would find and run this very trace there; no
 * lookup can change the cache while a region runs), then charges its cycles as the reference
 * loop does (all at entry; if they would pass the limit, the block does not start). Any failed
 * check leaves the region with pc at the block's start, where the reference loop takes over and
 * finds the same outcome. Indirect jumps go through a switch over the region's blocks, else
 * leave. Registers live in JVM locals and are stored back on every exit. A memory fault runs the
 * checked accessor of {@code Memory} (or throws its error) with pc set to the faulting item, after
 * the whole trace was charged and the items before it ran: the reference interpreter's state.
 * Stores go straight to memory only into pages whose write-fast byte says no W^X check or
 * DIRTY/touched bookkeeping is needed, else through {@code Memory}'s checked stores.
 */
public final class RegionCompiler implements TraceTranslator {
    /** For {@link java.util.ServiceLoader}: the machine finds the translator on the class path. */
    public RegionCompiler() {}

    /** At most this many retranslations of one head. */
    static final int MAX_RECOMPILES = 2;
    /** Whether a region may include a trace that heads a region of its own (a copy of its code). */
    static final boolean COPY_HEADS = Boolean.getBoolean("ckbvm.jit.copyHeads");
    /** Print translation events to stderr. */
    static final boolean VERBOSE = Boolean.getBoolean("ckbvm.jit.verbose");
    /** HotSpot does not compile methods of more than 8000 bytecode bytes (HugeMethodLimit). */
    static final int MAX_CODE = 7900;
    /** Estimated bytecode budget when forming a region. */
    static final int BUDGET = 6500;

    // ---- entry points used by the run loop ---------------------------------------------------

    @Override
    public void translate(Machine machine, TraceInfo head) {
        if (!head.compilable || head.id == 0 || !head.claimTranslation()) {
            return;
        }
        try {
            head.install(build(machine, head));
        } catch (Throwable t) {
            head.translationFailed();
            if (VERBOSE) {
                System.err.println("[jit] cannot translate " + head + ": " + t);
                t.printStackTrace();
            }
        }
    }

    /** Translates the head's region again if the trace cache now holds more of it. */
    @Override
    public void retranslate(Machine machine, TraceInfo head) {
        CompiledRegion old = head.region();
        if (!head.claimRetranslation(old, MAX_RECOMPILES)) {
            return;
        }
        try {
            List<TraceInfo> blocks = formRegion(machine, head, BUDGET);
            if (blocks.size() > old.blocks) {
                head.install(generateFitting(blocks));
            }
        } catch (Throwable t) {
            if (VERBOSE) {
                System.err.println("[jit] cannot retranslate " + head + ": " + t);
            }
        }
    }

    private static CompiledRegion build(Machine machine, TraceInfo head) throws Throwable {
        return generateFitting(formRegion(machine, head, BUDGET));
    }

    private static CompiledRegion generateFitting(List<TraceInfo> blocks) throws Throwable {
        while (true) {
            Generated g = generate(blocks);
            if (g.codeSize <= MAX_CODE || blocks.size() == 1) {
                if (VERBOSE) {
                    System.err.println("[jit] region " + blocks.get(0) + ": " + blocks.size() + " traces, "
                            + g.codeSize + " bytes of bytecode");
                }
                if (g.codeSize > MAX_CODE) {
                    throw new IllegalStateException("a single trace needs " + g.codeSize + " bytes");
                }
                return define(g.bytes);
            }
            blocks = blocks.subList(0, Math.max(1, blocks.size() * 2 / 3));
        }
    }

    private static CompiledRegion define(byte[] bytes) throws ReflectiveOperationException {
        return CompiledRegion.define(bytes);
    }

    // ---- region formation ---------------------------------------------------------------------

    /** The head and the cached traces reachable from it, breadth first, within the budget. */
    static List<TraceInfo> formRegion(Machine machine, TraceInfo head, int budget) {
        List<TraceInfo> blocks = new ArrayList<>();
        Map<Long, TraceInfo> seen = new HashMap<>();
        ArrayDeque<TraceInfo> queue = new ArrayDeque<>();
        blocks.add(head);
        seen.put(head.address, head);
        queue.add(head);
        int used = estimate(head);
        long[] succ = new long[3];
        while (!queue.isEmpty()) {
            TraceInfo b = queue.poll();
            int n = successors(b, succ);
            for (int k = 0; k < n; k++) {
                long target = succ[k];
                if (seen.containsKey(target)) {
                    continue;
                }
                TraceInfo t = machine.cachedTrace(target);
                // a trace of length 0 never runs (ZeroLengthTrace): only the run loop meets it
                if (t == null || !t.compilable || t.length == 0) {
                    continue;
                }
                if (t.region() != null && !COPY_HEADS) {
                    continue; // the head of a region of its own: leave to it rather than copy it
                }
                int cost = estimate(t);
                if (used + cost > budget) {
                    continue;
                }
                used += cost;
                seen.put(target, t);
                blocks.add(t);
                queue.add(t);
            }
        }
        return blocks;
    }

    /** Static successors of a trace (targets, fall-through, return point after a call). */
    private static int successors(TraceInfo b, long[] out) {
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

    private static int estimate(TraceInfo t) {
        int bytes = 48;
        for (long inst : t.items) {
            int op = opcode(inst);
            if (isLoad(op)) {
                bytes += 40;
            } else if (op >= Opcodes.SB && op <= Opcodes.SD) {
                bytes += 62;
            } else if (op >= Opcodes.ADC && op <= Opcodes.ADD3C) {
                bytes += 60;
            } else {
                bytes += 16;
            }
        }
        return bytes;
    }

    private static boolean isLoad(int op) {
        return op >= Opcodes.LB_VERSION0 && op <= Opcodes.LWU_VERSION1;
    }

    // ---- bytecode generation: RegionEmitter --------------------------------------------------

    record Generated(byte[] bytes, int codeSize) {}

    static Generated generate(List<TraceInfo> blocks) {
        return new RegionEmitter(blocks).run();
    }

    /** Translates exactly these traces, the first being the head (tests compile single traces). */
    public static CompiledRegion translate(List<TraceInfo> blocks) throws ReflectiveOperationException {
        Generated g = generate(blocks);
        if (g.codeSize > MAX_CODE) {
            throw new IllegalStateException("region needs " + g.codeSize + " bytes");
        }
        return define(g.bytes);
    }
}
