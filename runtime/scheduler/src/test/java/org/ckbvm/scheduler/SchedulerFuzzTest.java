package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.ckbvm.machine.Engine;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.MachineRegisters;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.source.InMemoryDataSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the scheduler: the input is a program of syscalls (exec 2043, spawn
 * 2601 to close 2608, load_block_extension 2104, current_cycles, load_cell_data, exit) whose
 * arguments come from the input (fds, pointers, lengths, indices, sources, bounds, argc, and
 * hostile values: past the end of memory, into the code, u64::MAX, raw 64-bit words), stores that
 * build argument blocks, argv arrays and fd lists in a scratch area, short loops and raw
 * instruction words. It runs as the root VM of a script of version 2 with 1 MiB of memory per VM
 * (or of version 1 with CKB's 4 MiB, where 2043 is the in-place exec and the others are not
 * syscalls) with cell dep 0 = itself (so spawn and exec
 * can run it again), 1 = a fixed child that uses its inherited fds, 2 = bytes that are not an ELF.
 * For each input:
 * <ul>
 *   <li>the interpreter runs it under the input's budget: {@link Scheduler#run} returns a
 *       {@link ScriptResult} (anything thrown is a finding);</li>
 *   <li>the JIT ends exactly the same: the result (error payload included), cycles, every VM's
 *       state root and the bundle root, and the suspended state's bytes when the budget ran out
 *       (each VM's cycle limit aside, see {@link #withoutLimits});</li>
 *   <li>segmented: the same budget reached through random intermediate budgets, the whole scheduler
 *       suspended at every stop, encoded, decoded (equal to the state) and resumed from the bytes
 *       (same roots, suspends again to the same bytes, cycles never decrease), ends exactly as the
 *       one-shot run.</li>
 * </ul>
 *
 * <p>Input layout: byte 0 bit 0 version 1 (else 2), bits 1..3 the number of intermediate stops;
 * bytes 1..2 the budget ({@code 20,000 + 16 * u16}, so at most 1,068,560 cycles: about ten spawns); bytes 3..5 the stops' seed; bytes 6..7
 * reserved; then operations (at most {@link #MAX_OPS}), see {@link #program}.
 *
 * <p>Regression inputs: {@code src/test/resources/org/ckbvm/scheduler/SchedulerFuzzTestInputs/programs/};
 * seeds are written by {@link SchedulerFuzzSeeds}.
 */
class SchedulerFuzzTest {
    static final int HEADER = 8;
    static final int MAX_OPS = 48;
    static final long SCRATCH = 0x40000;
    /** The syscalls an operation of kind 0..2 or 7 makes, by {@code op >>> 3}. */
    static final int[] SYSCALLS = {2043, 2601, 2602, 2603, 2604, 2605, 2606, 2607, 2608, 2104, 2042, 2092, 93,
        2043, 2601, 2605, 2606, 2604, 2043, 2601, 2602, 2605, 2606, 2608, 2043, 2601, 2604, 2605, 2606, 2607, 2043, 2601};
    /** Version 2's memory: 1 MiB keeps a fuzzing run fast (17 VMs, snapshots); version 1 has CKB's 4 MiB for exec's stack. */
    private static final long MEMORY = 1L << 20;
    private static final long[] HOSTILE = {-1L, -8L, 1L << 63, MEMORY - 8, MEMORY, MEMORY - 1, 0x10000, 0x10078,
        0xFFFF_FFFFL, 1L << 32, (1L << 32) | 1, 131_072, 131_073, Long.MAX_VALUE, SCRATCH - 1, MEMORY - 4096,
        0x0100_0000_0000_0003L, 0x0100_0000_0000_0001L, 0x0200_0000_0000_0003L, 5, 0, 1L << 40, 64, 65, 16, 17,
        0x7fff_ffffL, -2, 4096, 4095, (4L << 20) - 8, 4L << 20};
    private static final byte[] NOT_AN_ELF = "\u007fELG not an ELF at all, just some bytes for exec and spawn".getBytes();
    static final byte[] CHILD = child();
    private static int executions;

    /**
     * The fixed child (cell dep 1): inherited_fds into the scratch area, then on the first fd it
     * was given (0 if none): a read of up to 32 bytes, a write of 16, a write on the fd + 1, a
     * close, and exit with the fd as code.
     */
    private static byte[] child() {
        Guest g = Guest.program();
        g.li(Guest.T0, 4).li(Guest.A1, SCRATCH + 8).sd(Guest.T0, Guest.A1, 0)
                .li(Guest.A0, SCRATCH + 16).syscall(2607)
                .li(Guest.A1, SCRATCH + 16).ld(Guest.T0, Guest.A1, 0);
        g.li(Guest.T1, 32).li(Guest.A2, SCRATCH + 8).sd(Guest.T1, Guest.A2, 0)
                .addi(Guest.A0, Guest.T0, 0).li(Guest.A1, SCRATCH + 64).syscall(2606);
        g.li(Guest.T1, 16).li(Guest.A2, SCRATCH + 8).sd(Guest.T1, Guest.A2, 0)
                .addi(Guest.A0, Guest.T0, 0).li(Guest.A1, SCRATCH + 64).syscall(2605);
        g.li(Guest.T1, 16).li(Guest.A2, SCRATCH + 8).sd(Guest.T1, Guest.A2, 0)
                .addi(Guest.A0, Guest.T0, 1).li(Guest.A1, SCRATCH + 64).syscall(2605);
        g.addi(Guest.A0, Guest.T0, 0).syscall(2608);
        return g.addi(Guest.A0, Guest.T0, 0).exit().elf();
    }

    /** Reads the input's operations; a value may take 8 more bytes. */
    private static final class Reader {
        private final byte[] in;
        private int at;

        Reader(byte[] in, int at) {
            this.in = in;
            this.at = at;
        }

        boolean more() {
            return at < in.length;
        }

        int u8() {
            return at < in.length ? in[at++] & 0xff : 0;
        }

        /**
         * A value by its byte: {@code v >>> 5} is the kind, {@code v & 31} its number: 0 a small
         * number, 1 a scratch address 8 apart, 2 one 256 apart, 3 a hostile value, 4 a source, 5
         * bounds (offset 64k, length 16k), 6 an fd from 2 on, 7 the next 8 bytes as they are.
         */
        long value() {
            int v = u8();
            int k = v & 31;
            return switch (v >>> 5) {
                case 0 -> k;
                case 1 -> SCRATCH + 8L * k;
                case 2 -> SCRATCH + 256L * k;
                case 3 -> HOSTILE[k];
                case 4 -> (k & 0x10) != 0 ? DataPiece.GROUP_FLAG | (k & 7) : k & 7;
                case 5 -> ((long) (k >>> 3) * 64) << 32 | (k & 7) * 16L;
                case 6 -> 2 + k;
                default -> {
                    long raw = 0;
                    for (int i = 0; i < 8; i++) {
                        raw |= (long) u8() << (8 * i);
                    }
                    yield raw;
                }
            };
        }
    }

    /**
     * The program: for each operation byte {@code op}, by {@code op & 7}: 0, 1, 2, 7 a syscall
     * ({@link #SYSCALLS}{@code [op >>> 3]}) with a0..a5 from six values; 3 a store of a value at
     * {@code SCRATCH + 8 * (next byte & 63)}; 4 the next four bytes as an instruction word; 5 a
     * loop of {@code next byte * 4} rounds; 6 exit with a value. It ends with exit(0).
     */
    static byte[] program(byte[] input) {
        Reader r = new Reader(input, HEADER);
        Guest g = Guest.program();
        for (int n = 0; n < MAX_OPS && r.more(); n++) {
            int op = r.u8();
            switch (op & 7) {
                case 3 -> {
                    long address = SCRATCH + 8L * (r.u8() & 63);
                    g.li64(Guest.T0, r.value()).li64(Guest.A1, address).sd(Guest.T0, Guest.A1, 0);
                }
                case 4 -> g.raw(r.u8() | r.u8() << 8 | r.u8() << 16 | r.u8() << 24);
                case 5 -> g.li(Guest.T0, r.u8() * 4L + 1).addi(Guest.T0, Guest.T0, -1).bne(Guest.T0, 0, -4);
                case 6 -> g.li64(Guest.A0, r.value()).exit();
                default -> {
                    int number = SYSCALLS[(op >>> 3) % SYSCALLS.length];
                    for (int reg = Guest.A0; reg <= Guest.A5; reg++) {
                        g.li64(reg, r.value());
                    }
                    g.syscall(number);
                }
            }
        }
        return g.li(Guest.A0, 0).exit().elf();
    }

    record Outcome(String result, String bundleRoot, SortedMap<Long, String> vmRoots, String suspendedState) {}

    private static Outcome outcome(Scheduler s, ScriptResult r) {
        String suspended = r instanceof ScriptResult.Suspended ? sha256(SchedulerStateCodec.encode(withoutLimits(s.suspend())))
                : "";
        String result = r instanceof ScriptResult.Failed f ? "Failed " + f.error() + " cycles=" + f.cycles()
                : r.toString();
        return new Outcome(result, hex(s.bundleRoot()), roots(s), suspended);
    }

    /**
     * The state with every VM's cycle limit set to 0: a VM keeps the limit of its last run, which
     * depends on where the budget was split, and the limit is not state (testvectors/STATE_ROOT.md:
     * "a budget the resumer chooses"; it is reset before the VM runs again), so only it may differ.
     */
    private static SchedulerState withoutLimits(SchedulerState state) {
        List<SchedulerState.Vm> vms = state.vms().stream().map(vm -> {
            Snapshot s = vm.snapshot();
            MachineRegisters r = s.state();
            MachineRegisters noLimit = new MachineRegisters(r.registers(), r.pc(), r.cycles(), 0, r.loadReservation());
            return new SchedulerState.Vm(vm.id(), vm.state(), new Snapshot(s.kind(), s.header(), noLimit, s.sources(),
                    s.sourcePages(), s.dirtyPages(), s.stateRoot(), s.program()));
        }).toList();
        return new SchedulerState(state.totalCycles(), state.iterationCycles(), state.nextVmId(), state.nextFdSlot(), vms,
                state.fds(), state.inheritedFds(), state.terminatedVms(), state.instantiatedIds(), state.runningVm(),
                state.bundleRoot());
    }

    private static SortedMap<Long, String> roots(Scheduler s) {
        TreeMap<Long, String> out = new TreeMap<>();
        s.vmRoots().forEach((id, root) -> out.put(id, hex(root)));
        return out;
    }

    private static String sha256(byte[] b) {
        try {
            return hex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @FuzzTest(maxDuration = "30s")
    void programs(byte[] input) throws Exception {
        if (input.length < HEADER + 1) {
            return;
        }
        int version = (input[0] & 1) != 0 ? 1 : 2;
        int stops = (input[0] >> 1) & 7;
        long budget = 20_000 + 16L * ((input[1] & 0xff) << 8 | (input[2] & 0xff));
        long stopSeed = (input[3] & 0xff) << 16 | (input[4] & 0xff) << 8 | (input[5] & 0xff);
        check(version, budget, stops, stopSeed, program(input));
        if (++executions % 500 == 0) {
            Machine.discardSharedTranslations(); // keep a long fuzzing run's memory flat
        }
    }

    static void check(int version, long budget, int stops, long stopSeed, byte[] elf) throws Exception {
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(elf);
        List<SourceId> sources = List.of(program, blobs.add(CHILD), blobs.add(NOT_AN_ELF));
        MachineConfig config = version == 1 ? MachineConfig.defaults().withVersion(1)
                : MachineConfig.defaults().withMemorySize(MEMORY);
        ScriptEnvironment interp = ScriptEnvironment.of(config, blobs, program, sources).withEngine(Engine.INTERP);

        Scheduler one = Scheduler.start(interp);
        Outcome oneShot = outcome(one, one.run(budget));

        Scheduler jit = Scheduler.start(interp.withEngine(Engine.JIT));
        assertEquals(oneShot, outcome(jit, jit.run(budget)), "JIT differs from the interpreter");

        SplittableRandom random = new SplittableRandom(stopSeed);
        long[] limits = new long[stops + 1];
        for (int i = 0; i < stops; i++) {
            limits[i] = random.nextLong(budget + 1);
        }
        limits[stops] = budget;
        Arrays.sort(limits);
        ScriptEnvironment env = random.nextBoolean() ? interp : interp.withEngine(Engine.JIT);
        Scheduler seg = Scheduler.start(env);
        ScriptResult last = null;
        long cycles = 0;
        for (long limit : limits) {
            last = seg.run(limit);
            assertTrue(Long.compareUnsigned(last.cycles(), cycles) >= 0, "cycles decreased");
            cycles = last.cycles();
            if (!(last instanceof ScriptResult.Suspended) || limit == budget) {
                break;
            }
            SchedulerState state = seg.suspend();
            byte[] bytes = SchedulerStateCodec.encode(state);
            SchedulerState decoded = SchedulerStateCodec.decode(bytes);
            assertEquals(state, decoded, "decoded state");
            Scheduler resumed = Scheduler.resume(decoded, env);
            assertArrayEquals(seg.bundleRoot(), resumed.bundleRoot(), "bundle root across suspension");
            assertEquals(roots(seg), roots(resumed), "VM roots across suspension");
            assertArrayEquals(bytes, SchedulerStateCodec.encode(resumed.suspend()), "suspends again to the same bytes");
            seg = resumed;
        }
        assertEquals(oneShot, outcome(seg, last), "segmented run differs from the one-shot run");
    }
}
