package org.ckbvm.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.MachineTamper;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;
import org.junit.jupiter.api.Test;

/**
 * The vectors bite: a real machine broken in exactly one place fails them, through the same
 * checker as {@code vectors verify}, and fails them where that place matters. Each break is
 * made in the test ({@link MachineTamper}): one cycle cost, one instruction's result, one page
 * flag (a hashed one and the unhashed DIRTY bit), one fusion rule.
 */
class VectorMutationTest {

    /** Our machine, altered by {@code onBoot} after loading and {@code onResume} after resuming. */
    private static ExecutionTarget altered(Consumer<Machine> onBoot, Consumer<Machine> onResume) {
        return new ExecutionTarget() {
            @Override
            public SuspendableMachine boot(MachineConfig config, DataSource blobs, SourceId program,
                                           List<SourceId> sources, List<byte[]> args) {
                SuspendableMachine sm = REFERENCE.boot(config, blobs, program, sources, args);
                onBoot.accept(sm.machine());
                return sm;
            }

            @Override
            public SuspendableMachine resume(Snapshot snapshot, DataSource blobs, MachineConfig config)
                    throws ResumeException {
                SuspendableMachine sm = REFERENCE.resume(snapshot, blobs, config);
                onResume.accept(sm.machine());
                return sm;
            }
        };
    }

    /** Failed vectors by name, with what the checker said. */
    private static Map<String, String> failures(ExecutionTarget target) throws IOException {
        VectorChecker.Report report = new VectorChecker(target).verify(VectorsVerifyTest.dir(), r -> { });
        Map<String, String> failed = new TreeMap<>();
        report.results().stream().filter(r -> !r.passed()).forEach(r -> failed.put(r.name(), r.detail()));
        return failed;
    }

    private static void assertOnlyWhere(Map<String, String> failed, Predicate<String> expectedName, String why) {
        failed.keySet().forEach(name -> assertTrue(expectedName.test(name), name + " failed, yet " + why));
    }

    @Test
    @SuppressWarnings("try") // the resource is the mutation itself: closing it restores the cost
    void oneCycleCost() throws Exception {
        // REMUW costs 31 instead of 32 under the ckb model
        Map<String, String> failed;
        try (AutoCloseable restore = MachineTamper.changeCost(CostModel.CKB, Opcodes.REMUW, -1)) {
            failed = failures(ExecutionTarget.REFERENCE);
        }
        assertTrue(failed.containsKey("isa_rv64m/v0_imc/ckb"), failed.toString());
        assertTrue(failed.get("isa_rv64m/v0_imc/ckb").contains("cycles: expected"), failed.get("isa_rv64m/v0_imc/ckb"));
        assertFalse(failed.containsKey("isa_rv64m/v2_imc_b_mop/unit"), "the unit model does not use the table");
        assertOnlyWhere(failed, n -> n.contains("/ckb"), "only the ckb cost model changed");
    }

    /** Every SLTU of the program, decoded as {@code as(sltu)}. */
    private static Consumer<Machine> everySltu(java.util.function.LongUnaryOperator as) {
        return m -> {
            Map<Long, Long> decoded = new TreeMap<>();
            MachineTamper.code(m).stream()
                    .filter(s -> PackedInstruction.opcode(s.instruction()) == Opcodes.SLTU)
                    .forEach(s -> decoded.put(s.pc(), as.applyAsLong(s.instruction())));
            MachineTamper.decodeAs(m, decoded);
        };
    }

    @Test
    void theAlterationMachineryAloneChangesNothing() throws IOException {
        // control: the same tampering with the true decode must pass every vector, so what the
        // other tests catch is the alteration, not the way it is made
        Consumer<Machine> identity = everySltu(inst -> inst);
        assertEquals(Map.of(), failures(altered(identity, identity)));
    }

    @Test
    void oneInstructionResult() throws IOException {
        // every SLTU decodes as SLT: unsigned comparisons become signed
        Consumer<Machine> sltuIsSlt = everySltu(inst -> PackedInstruction.withOpcode(inst, Opcodes.SLT));
        Map<String, String> failed = failures(altered(sltuIsSlt, sltuIsSlt));
        // the RV64I self-check notices (its exit code is the number of the failed check)...
        String detail = String.valueOf(failed.get("isa_rv64i/v0_imc/ckb"));
        assertTrue(detail.contains("exit_code: expected 0"), detail);
        // ...and so do the fusion programs, whose patterns contain sltu: fused or not, wrong
        // results or a lost fusion show in exit code, cycles, pc or state root
        for (String program : List.of("mop_adc/", "mop_adcs/", "mop_add3/", "mop_sbb/", "mop_sbbs/")) {
            assertTrue(failed.keySet().stream().filter(n -> n.startsWith(program)).count() >= 10, program);
        }
    }

    @Test
    void oneHashedPageFlag() throws IOException {
        // after loading, the top page of memory (the stack's) gets FREEZED
        Consumer<Machine> freeze = m -> m.memory().setFlag(m.memory().pageCount() - 1, Memory.FLAG_FREEZED);
        Map<String, String> failed = failures(altered(freeze, m -> { }));
        String detail = String.valueOf(failed.get("exit0/v2_imc_b_mop/ckb"));
        assertTrue(detail.startsWith("load: state_root"), detail);
        long loadable = 706 - 40; // 40 vectors fail at load
        assertTrue(failed.size() >= loadable - 10, "every vector of a program that loads: " + failed.size());
    }

    @Test
    void theUnhashedDirtyFlag() throws IOException {
        // DIRTY is not in the state root, so only the snapshot fields can notice it: clear it on the
        // first dirty page that is not executable (the stack, or data)
        Consumer<Machine> clean = m -> firstPage(m, Memory.FLAG_DIRTY, Memory.FLAG_EXECUTABLE)
                .ifPresent(p -> m.memory().clearFlag(p, Memory.FLAG_DIRTY));
        Map<String, String> failed = failures(altered(clean, m -> { }));
        String detail = String.valueOf(failed.get("isa_rv64i/v0_imc/ckb"));
        assertTrue(detail.startsWith("load: snapshot.dirty_pages"), detail);
        assertTrue(failed.size() > 300, "failed: " + failed.size());
    }

    private static java.util.OptionalInt firstPage(Machine m, int set, int clear) {
        Memory memory = m.memory();
        for (int p = 0; p < memory.pageCount(); p++) {
            if ((memory.flag(p) & set) == set && (memory.flag(p) & clear) == 0) {
                return java.util.OptionalInt.of(p);
            }
        }
        return java.util.OptionalInt.empty();
    }

    @Test
    void oneFusionRule() throws IOException {
        // the WIDE_MUL family no longer fuses: each `mul rd2,a,b` after a `mulh*` is decoded as the
        // equal `mul rd2,b,a`, which breaks the pattern and nothing else (mul commutes), so results
        // stay right and only the cycles show it
        Consumer<Machine> noWideMul = m -> {
            if (!IsaFlags.has(m.config().isa(), IsaFlags.MOP)) {
                return;
            }
            List<MachineTamper.Site> code = MachineTamper.code(m);
            Map<Long, Long> decoded = new TreeMap<>();
            for (int i = 0; i + 1 < code.size(); i++) {
                long head = code.get(i).instruction();
                long next = code.get(i + 1).instruction();
                int op = PackedInstruction.opcode(head);
                if ((op == Opcodes.MULH || op == Opcodes.MULHU || op == Opcodes.MULHSU)
                        && PackedInstruction.opcode(next) == Opcodes.MUL
                        && PackedInstruction.rs1(next) == PackedInstruction.rs1(head)
                        && PackedInstruction.rs2(next) == PackedInstruction.rs2(head)
                        && PackedInstruction.rs1(next) != PackedInstruction.rs2(next)) {
                    decoded.put(code.get(i + 1).pc(), PackedInstruction.pack(Opcodes.MUL, PackedInstruction.rd(next),
                            PackedInstruction.rs2(next), PackedInstruction.rs1(next), 0,
                            PackedInstruction.length(next), PackedInstruction.imm(next)));
                }
            }
            MachineTamper.decodeAs(m, decoded);
        };
        Map<String, String> failed = failures(altered(noWideMul, noWideMul));
        String detail = failed.get("mop_wide/v2_imc_b_mop/unit");
        assertTrue(detail != null && detail.contains("cycles: expected"), String.valueOf(detail));
        assertFalse(failed.values().stream().anyMatch(d -> d.contains("exit_code")), "results stay right: " + failed);
        assertOnlyWhere(failed, n -> n.contains("_mop/"), "only MOP machines fuse");
        assertEquals(failed.keySet().stream().filter(n -> n.startsWith("mop_wide/")).count(),
                failed.keySet().stream().filter(n -> n.startsWith("mop_wide/") && n.contains("_mop/")).count());
    }

    // ---- the multi-VM vectors ----------------------------------------------------------------

    /**
     * Our scheduler with one more host syscall in front of ckb's: it sees every ECALL first (host
     * syscalls come first, ScriptSyscalls), adds {@code extra} cycles when a7 is spawn (2601) and
     * passes the call on, so spawn charges 100,800 + extra (docs/SPAWN.md §4.1).
     */
    private static SchedulerTarget spawnCharging(long extra) {
        org.ckbvm.machine.SyscallHandler surcharge = m -> {
            if (m.register(17) == 2601) {
                m.addCycles(extra);
            }
            return false;
        };
        return new SchedulerTarget() {
            @Override
            public org.ckbvm.scheduler.Scheduler start(org.ckbvm.scheduler.ScriptEnvironment env) {
                return SchedulerTarget.REFERENCE.start(env.withHostSyscalls(List.of(surcharge)));
            }

            @Override
            public org.ckbvm.scheduler.Scheduler resume(org.ckbvm.scheduler.SchedulerState state,
                                                        org.ckbvm.scheduler.ScriptEnvironment env)
                    throws org.ckbvm.scheduler.SchedulerStateException {
                return SchedulerTarget.REFERENCE.resume(state, env.withHostSyscalls(List.of(surcharge)));
            }
        };
    }

    private static Map<String, String> spawnFailures(SchedulerTarget scheduler) throws IOException {
        VectorChecker.Report report = new VectorChecker(ExecutionTarget.REFERENCE, scheduler)
                .verify(VectorsVerifyTest.dir(), r -> { });
        Map<String, String> failed = new TreeMap<>();
        report.results().stream().filter(r -> !r.passed()).forEach(r -> failed.put(r.name(), r.detail()));
        return failed;
    }

    @Test
    void theSchedulerAlterationMachineryAloneChangesNothing() throws IOException {
        // control: the same host syscall charging nothing passes every vector, single- and multi-VM
        assertEquals(Map.of(), spawnFailures(spawnCharging(0)));
    }

    @Test
    void oneSpawnCharge() throws IOException {
        // spawn charges 100,801 + 800: every program that spawns fails, through the total cycles of
        // its one-shot vector and the bundle root (its total_cycles and the VMs' counters) of a split
        Map<String, String> failed = spawnFailures(spawnCharging(1));
        String simple = String.valueOf(failed.get("spawn_simple"));
        assertTrue(simple.contains("cycles: expected 312692, got 312695"), simple); // three spawns
        assertTrue(failed.containsKey("spawn_max_vms@split"), failed.keySet().toString());
        for (String name : List.of("spawn_pipe_rw", "spawn_recursive", "spawn_cycles", "spawn_io/argv=0128")) {
            assertTrue(failed.containsKey(name), name + " spawns: " + failed.keySet());
        }
        // the programs that never reach a spawn, and every single-VM vector, still pass
        assertOnlyWhere(failed, n -> n.startsWith("spawn_") && !n.startsWith("spawn_exec_errors")
                && !n.startsWith("spawn_block_extension"), "only spawning programs changed");
        // 64 multi-VM vectors, less the 16 of spawn_exec_errors, spawn_block_extension and spawn_wait_self
        assertEquals(48, failed.size(), failed.keySet().toString());
    }
}
