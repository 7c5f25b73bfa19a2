package org.ckbvm.machine;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.InstructionDecoder;
import org.ckbvm.isa.PackedInstruction;
import org.ckbvm.memory.Memory;

/**
 * Test-only ways to break a real machine in one precise place, so the mutation tests can show that
 * the vectors notice. Nothing here ships: production code has no hook for it. Private state is
 * reached by reflection; if a field named here is renamed, these methods throw and the mutation
 * tests fail loudly rather than pass without mutating anything.
 *
 * <ul>
 *   <li>{@link #changeCost}: one entry of a cost model's table (a cost-model variant);</li>
 *   <li>{@link #decodeAs}: altered entries in the machine's decoder cache (and the traces built
 *       from them), which the machine trusts as CKB-VM's decoder trusts its cache: the instruction
 *       at that pc executes, and is seen by fusion, as the given decoded instruction. A modified
 *       decoder table, pc by pc, with code memory (and so the state root) untouched.</li>
 * </ul>
 */
public final class MachineTamper {
    private MachineTamper() {}

    /** Adds {@code delta} to the cost of {@code opcode} in {@code model}; close() restores it. */
    public static AutoCloseable changeCost(CostModel model, int opcode, int delta) {
        short[] table = (short[]) read(CostModel.class, "table", model);
        short original = table[opcode];
        table[opcode] = (short) (original + delta);
        return () -> table[opcode] = original;
    }

    /** How far before an altered pc a trace that reaches it can start: 16 items of at most 20 bytes. */
    private static final int TRACE_REACH = 16 * 20;

    /**
     * Makes the machine decode the instruction at each pc of {@code decoded} as the given decoded
     * instruction. The machine's decoder cache gets the altered entries; since a later decode of a
     * colliding pc would evict them, the machine's own trace builder is then run at every
     * instruction start up to {@link #TRACE_REACH} bytes before each altered pc, so every trace
     * that can reach it already holds the altered decode. (Building a trace the machine would build
     * anyway changes nothing: {@code VectorMutationTest} checks that with an identity alteration.)
     */
    public static void decodeAs(Machine machine, Map<Long, Long> decoded) {
        CachedDecoder decoder = (CachedDecoder) read(Machine.class, "decoder", machine);
        long[] pcs = (long[]) read(CachedDecoder.class, "cachedPc", decoder);
        long[] instructions = (long[]) read(CachedDecoder.class, "cachedInstruction", decoder);
        Method cacheKey = method(CachedDecoder.class, "cacheKey", long.class);
        Method buildTrace = method(Machine.class, "buildTrace", int.class, long.class);
        try {
            TreeSet<Long> heads = new TreeSet<>();
            List<Site> code = code(machine);
            for (long pc : decoded.keySet()) {
                for (Site s : code) {
                    if (s.pc() <= pc && pc - s.pc() <= TRACE_REACH) {
                        heads.add(s.pc());
                    }
                }
            }
            TreeMap<Long, Long> altered = new TreeMap<>(decoded);
            for (long head : heads) {
                // (re)install the altered entries this trace can reach: building an earlier trace
                // may have evicted one through a colliding pc
                for (Map.Entry<Long, Long> e : altered.subMap(head, true, head + TRACE_REACH, true).entrySet()) {
                    int key = (int) cacheKey.invoke(null, e.getKey());
                    pcs[key] = e.getKey();
                    instructions[key] = e.getValue();
                }
                try {
                    buildTrace.invoke(machine, TraceCache.slot(head), head);
                } catch (InvocationTargetException e) {
                    // a head whose trace does not decode: the machine would fail there too, later
                }
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            Method m = type.getDeclaredMethod(name, parameters);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getSimpleName() + "." + name + " changed: update MachineTamper", e);
        }
    }

    /** A decoded instruction at a pc: what the machine's decoder would give without fusion. */
    public record Site(long pc, long instruction) {}

    /**
     * Every instruction of the executable pages, decoded linearly from the start of each run of
     * executable pages (an undecodable halfword is skipped), with a decoder of the machine's
     * version and ISA that is not the machine's own (its cache stays untouched).
     */
    public static List<Site> code(Machine machine) {
        Memory memory = machine.memory();
        CachedDecoder scratch = new CachedDecoder(memory, machine.config().rules(), machine.config().isa());
        List<Site> sites = new ArrayList<>();
        int page = 0;
        while (page < memory.pageCount()) {
            if ((memory.flag(page) & Memory.FLAG_EXECUTABLE) == 0) {
                page++;
                continue;
            }
            int end = page;
            while (end < memory.pageCount() && (memory.flag(end) & Memory.FLAG_EXECUTABLE) != 0) {
                end++;
            }
            long pc = (long) page << Memory.PAGE_SHIFT;
            long limit = (long) end << Memory.PAGE_SHIFT;
            while (pc < limit) {
                long inst = scratch.rawAt(pc);
                if (inst == InstructionDecoder.INVALID) {
                    pc += 2;
                    continue;
                }
                sites.add(new Site(pc, inst));
                pc += PackedInstruction.length(inst);
            }
            page = end;
        }
        return sites;
    }

    private static Object read(Class<?> type, String field, Object target) {
        try {
            Field f = type.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getSimpleName() + "." + field + " changed: update MachineTamper", e);
        }
    }
}
