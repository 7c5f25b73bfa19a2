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
import java.util.concurrent.atomic.AtomicBoolean;

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
    /** Print translation events to stderr. */
    static final boolean VERBOSE = Boolean.getBoolean("ckbvm.jit.verbose");
    /**
     * HotSpot does not compile methods of more than 8000 bytecode bytes (HugeMethodLimit), and
     * C1's register allocator gives up on big methods with many live longs: a hard cap.
     */
    static final int MAX_CODE = Integer.getInteger("ckbvm.jit.maxCode", 5000);
    /**
     * Estimated bytecode budget when forming a region. C2's compile time grows faster than a
     * method's size, and a region is compiled while the program waits for it: around 3,000 bytes
     * (a dozen traces) HotSpot compiles a region in tens of milliseconds, and entries from region
     * to region, chained, stay a small part of the run.
     */
    static final int BUDGET = Integer.getInteger("ckbvm.jit.budget", 3000);
    /** Regions this small are merged into a region formed next to them ({@link #formRegion}). */
    static final int ADOPT_BLOCKS = 2;

    private static final System.Logger LOG = System.getLogger("org.ckbvm.jit");
    private static final AtomicBoolean FAILURE_LOGGED = new AtomicBoolean();

    // ---- entry points used by the run loop ---------------------------------------------------

    @Override
    public void translate(Machine machine, TraceInfo head) {
        if (!head.compilable || head.id == 0 || head.length == 0 || !head.claimTranslation()) {
            return;
        }
        List<TraceInfo> claimed = new ArrayList<>();
        try {
            List<TraceInfo> blocks = formRegion(machine, head, BUDGET, null, claimed);
            install(generateFitting(blocks), blocks, claimed);
        } catch (Throwable t) {
            head.translationFailed();
            claimed.forEach(TraceInfo::releaseTranslation);
            failed(head, t);
        }
    }

    /**
     * Translates the head's region again if the trace cache now holds more of it: traces reached
     * from it that are in no region yet join it (a trace in another region stays there, and the
     * jump to it is chained).
     */
    @Override
    public void retranslate(Machine machine, TraceInfo head) {
        CompiledRegion old = head.region();
        if (old == null || old.entry != 0 || !head.claimRetranslation(old, MAX_RECOMPILES)) {
            return;
        }
        List<TraceInfo> claimed = new ArrayList<>();
        try {
            List<TraceInfo> blocks = formRegion(machine, head, BUDGET, old.getClass(), claimed);
            if (claimed.isEmpty()) {
                return;
            }
            install(generateFitting(blocks), blocks, claimed);
        } catch (Throwable t) {
            claimed.forEach(TraceInfo::releaseTranslation);
            failed(head, t);
        }
    }

    /** A translation failure is logged once per process (and every time with ckbvm.jit.verbose). */
    private static void failed(TraceInfo head, Throwable t) {
        if (VERBOSE) {
            System.err.println("[jit] cannot translate " + head + ": " + t);
            t.printStackTrace();
        } else if (FAILURE_LOGGED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "cannot translate " + head + " (it and later failures run on the "
                    + "interpreter; -Dckbvm.jit.verbose=true reports every one)", t);
        }
    }

    /** Publishes one entry instance per block; claimed traces that did not fit are given back. */
    private static void install(CompiledRegion[] entries, List<TraceInfo> blocks, List<TraceInfo> claimed) {
        for (int i = 0; i < entries.length; i++) {
            blocks.get(i).install(entries[i]);
        }
        claimed.forEach(TraceInfo::releaseTranslation);
    }

    private static CompiledRegion[] generateFitting(List<TraceInfo> blocks) throws Throwable {
        while (true) {
            Generated g = generate(blocks);
            if (g.codeSize <= MAX_CODE || blocks.size() == 1) {
                if (VERBOSE) {
                    System.err.println("[jit] region " + blocks.get(0) + ": " + blocks.size() + " traces, "
                            + g.codeSize + " bytes of bytecode (estimated " + blocks.stream().mapToInt(RegionCompiler::estimate).sum() + ")");
                }
                if (g.codeSize > MAX_CODE) {
                    throw new IllegalStateException("a single trace needs " + g.codeSize + " bytes");
                }
                return CompiledRegion.define(g.bytes, blocks.size());
            }
            blocks.subList(Math.max(1, blocks.size() * 2 / 3), blocks.size()).clear();
        }
    }

    // ---- region formation ---------------------------------------------------------------------

    /**
     * The head and the cached traces reachable from it, breadth first, within the budget, that
     * are in no region yet (they are claimed, and listed in {@code claimed}), in a region of at
     * most {@link #ADOPT_BLOCKS} traces, or, when retranslating, in the head's old region (of
     * class {@code owner}). Every trace is entered through one region at a time, so each piece of
     * hot code is translated about once; a jump to a trace of another region leaves this one and
     * is chained there.
     */
    static List<TraceInfo> formRegion(Machine machine, TraceInfo head, int budget, Class<?> owner,
                                      List<TraceInfo> claimed) {
        List<TraceInfo> blocks = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        ArrayDeque<TraceInfo> queue = new ArrayDeque<>();
        blocks.add(head);
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
                CompiledRegion in = t.region();
                // a trace of a region of one or two traces joins this one (their entries move here):
                // early translation, while little of the code is cached, leaves such fragments, and
                // every entry into a region costs its prologue
                boolean adopt = in != null && (owner != null && in.getClass() == owner || in.blocks <= ADOPT_BLOCKS);
                if (in != null && !adopt) {
                    continue;
                }
                int cost = estimate(t);
                if (used + cost > budget) {
                    continue;
                }
                if (in == null) {
                    if (!t.claimTranslation()) {
                        continue;
                    }
                    claimed.add(t);
                }
                used += cost;
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

    /** About the bytecode a trace becomes (a register read is 3 or 4 bytes, a write 7). */
    private static int estimate(TraceInfo t) {
        int bytes = 40;
        for (long inst : t.items) {
            int op = opcode(inst);
            if (isLoad(op)) {
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

    private static boolean isLoad(int op) {
        return op >= Opcodes.LB_VERSION0 && op <= Opcodes.LWU_VERSION1;
    }

    // ---- bytecode generation: RegionEmitter --------------------------------------------------

    record Generated(byte[] bytes, int codeSize) {}

    static Generated generate(List<TraceInfo> blocks) {
        return new RegionEmitter(blocks).run();
    }

    /**
     * Translates exactly these traces, the first being the head, and returns the instance that
     * enters at the head (tests compile single traces). Installs nothing.
     */
    public static CompiledRegion translate(List<TraceInfo> blocks) throws ReflectiveOperationException {
        Generated g = generate(blocks);
        if (g.codeSize > MAX_CODE) {
            throw new IllegalStateException("region needs " + g.codeSize + " bytes");
        }
        return CompiledRegion.define(g.bytes, blocks.size())[0];
    }
}
