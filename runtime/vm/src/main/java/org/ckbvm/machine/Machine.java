package org.ckbvm.machine;

import static org.ckbvm.isa.PackedInstruction.length;

import java.util.ArrayList;
import java.util.List;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.VersionRules;
import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;
import org.ckbvm.memory.Memory;

/**
 * A CKB-VM compatible RV64 machine: registers, pc, cycles, the load reservation, memory, and the
 * interpreter loop.
 *
 * <p>Execution follows CKB-VM's assembly machine, the consensus reference: code runs as traces
 * (up to 16 decoded items ending at the first block-end opcode), each charged in full at entry.
 * A trace that would pass {@code maxCycles} is not started: the machine stops with pc and cycles
 * at the trace start. A decode error met while forming a trace stops the machine before the
 * trace runs. Syscalls charge after the fact and the limit is checked when they return. Every
 * stop point is therefore deterministic, and the hot loop charges once per trace. A trace's byte
 * length is kept as the reference keeps it, in a u8 ({@link TraceCache#asmLength}); a trace whose
 * length wraps to 0, which the reference would re-form forever, stops the machine with
 * {@code ZeroLengthTrace}.
 */
public final class Machine {
    /** ckb-vm's u64::MAX "no reservation" value of {@code lr}. */
    public static final long NO_RESERVATION = -1L;
    /** ckb-vm exit syscall number. */
    public static final int SYS_EXIT = 93;

    private static final int A0 = 10;
    private static final int A7 = 17;

    private final MachineConfig config;
    /** Read once: the trace cache compares all 64 bits of pc (V2) or the low 32 ({@link VersionRules#tracesMatchFullPc}). */
    private final boolean tracesMatchFullPc;
    private final VersionRules rules;
    private final CostModel costModel;
    final Memory memory;
    private final CachedDecoder decoder;
    final Interpreter interpreter;
    final TraceCache traces = new TraceCache();
    private final long[] scratch = new long[TraceCache.MAX_ITEMS];
    private final List<SyscallHandler> syscalls = new ArrayList<>();

    // package-private: compiled regions (hidden classes of this package) read and write them directly
    final long[] regs = new long[32];
    long pc;
    long cycles;
    long maxCycles = -1L;
    private long loadReservation = NO_RESERVATION;
    private int exitCode;
    private boolean running;
    /** Set by {@link #yieldAfterSyscall()}: the run ends with {@link RunResult.Yielded}. */
    private boolean yielded;
    /** Set by {@link #continueAtPcAfterSyscall()}: the run goes on at {@link #pc}, not after the ECALL. */
    private boolean pcSetBySyscall;
    /** The stop {@link #enterTrace} found, for the step method to return. */
    private RunResult pendingStop;
    /** RISC-V instructions of the traces entered (a statistic for speed reports, not state). */
    long instructionsRetired;

    /** How traces run; see {@link Engine}. Not part of the state: every engine gives the same. */
    private Engine engine;
    /** The JIT's intern table (null under the interpreter). */
    private TraceTable table;
    /** Translates hot traces (null under the interpreter). */
    private TraceTranslator translator;
    /** Loop entries of a trace before its region is compiled; see {@link JitPolicy}. */
    private int compileThreshold;
    /** Instructions this machine must have retired before it translates anything new. */
    private long compileAfter;
    /** Trace entries that ran in compiled regions, from the run loop or chained (a statistic, not state). */
    long regionEntries;
    /** Traces the JIT engines' run loop handed to the interpreter (a statistic, not state). */
    private long interpretedTraces;
    /** Region entries by chaining, without the run loop (a statistic, included in {@link #regionEntries}). */
    long chainedEntries;

    public Machine(MachineConfig config) {
        this.config = config;
        this.rules = config.rules();
        this.tracesMatchFullPc = rules.tracesMatchFullPc();
        this.costModel = config.costModel();
        this.memory = new Memory(config.memorySize());
        this.decoder = new CachedDecoder(memory, rules, config.isa());
        this.interpreter = new Interpreter(this);
        setEngine(Engine.defaultEngine());
    }

    /**
     * Chooses the engine. May be called at any time, also between runs of one machine: switching
     * keeps both caches (they are part of the semantics) and re-derives the JIT's view of them.
     */
    public Machine setEngine(Engine engine) {
        TraceTranslator installed = TraceTranslator.installed().orElse(null);
        if (engine == Engine.JIT && installed == null) {
            throw new IllegalStateException("engine jit needs a translator (the ckbvm-jit module) on the class path");
        }
        this.engine = engine;
        this.translator = engine == Engine.INTERP ? null : installed;
        if (translator == null) {
            table = null;
            java.util.Arrays.fill(traces.info, null);
            java.util.Arrays.fill(traces.ids, 0);
        } else {
            table = TraceTable.of(costModel);
            compileThreshold = JitPolicy.threshold(engine);
            compileAfter = JitPolicy.translateAfter(engine);
            for (int slot = 0; slot < TraceCache.SLOTS; slot++) {
                int n = traces.count[slot];
                if (n == 0) {
                    traces.info[slot] = null;
                    traces.ids[slot] = 0;
                } else {
                    System.arraycopy(traces.items, slot * TraceCache.MAX_ITEMS, scratch, 0, n);
                    TraceInfo info = table.intern(traces.address[slot], scratch, n, traces.length[slot],
                            traces.cycles[slot], traces.instructions[slot]);
                    traces.info[slot] = info;
                    traces.ids[slot] = info.id;
                }
            }
        }
        return this;
    }

    public Engine engine() {
        return engine;
    }

    /**
     * For translators: the trace the run loop would find in the cache at {@code address} right
     * now, or null (empty slot, another address, or content the slot no longer holds).
     */
    public TraceInfo cachedTrace(long address) {
        int slot = TraceCache.slot(address);
        TraceInfo t = traces.info[slot];
        return t != null && t.address == address && t.id != 0 && traces.ids[slot] == t.id ? t : null;
    }

    /**
     * Forgets every translation shared between machines (the JIT's intern table), so the next run
     * of any program starts untranslated. For benchmarks that measure cold starts; running
     * machines are unaffected (their translations stay valid, they are only no longer shared).
     */
    public static void discardSharedTranslations() {
        TraceTable.discardAll();
    }

    /** Overrides the engine's translation threshold (tests drive the JIT hard with 1). */
    void setCompileThreshold(int threshold) {
        this.compileThreshold = Math.max(1, threshold);
        this.compileAfter = 0;
    }

    /** Trace entries that ran in compiled regions rather than the interpreter (a statistic). */
    public long compiledRegionEntries() {
        return regionEntries;
    }

    /** Region entries by chaining from another region (included in {@link #compiledRegionEntries}; a statistic). */
    public long chainedRegionEntries() {
        return chainedEntries;
    }

    /** Traces the JIT engines interpreted (not translated yet, or not translatable; a statistic). */
    public long interpretedTraces() {
        return interpretedTraces;
    }

    public Machine addSyscalls(SyscallHandler handler) {
        syscalls.add(handler);
        return this;
    }

    // ---- state -----------------------------------------------------------------------------

    public MachineConfig config() {
        return config;
    }

    public Memory memory() {
        return memory;
    }

    public long register(int index) {
        return regs[index];
    }

    /** Writes a register; writes to x0 are dropped. */
    public void setRegister(int index, long value) {
        if (index != 0) {
            regs[index] = value;
        }
    }

    public long pc() {
        return pc;
    }

    public void setPc(long pc) {
        this.pc = pc;
    }

    public long cycles() {
        return cycles;
    }

    public void setCycles(long cycles) {
        this.cycles = cycles;
    }

    /** The limit, an unsigned 64-bit value ({@code -1} is u64::MAX, no limit). */
    public long maxCycles() {
        return maxCycles;
    }

    /** CKB-VM {@code set_max_cycles}: only overwrites the limit. */
    public void setMaxCycles(long maxCycles) {
        this.maxCycles = maxCycles;
    }

    public long loadReservation() {
        return loadReservation;
    }

    public void setLoadReservation(long address) {
        this.loadReservation = address;
    }

    /**
     * RISC-V instructions in the traces this machine entered (each part of a fused group counts).
     * A statistic for speed reports: not part of the state and not saved in snapshots.
     */
    public long instructionsRetired() {
        return instructionsRetired;
    }

    public int exitCode() {
        return exitCode;
    }

    /**
     * CKB-VM {@code add_cycles_no_checking}, used by syscalls: only u64 overflow is an error; the
     * limit is checked when the syscall returns.
     */
    public void addCycles(long extra) {
        long next = cycles + extra;
        if (Long.compareUnsigned(next, cycles) < 0) {
            throw new VmException(new VmError.CyclesOverflow());
        }
        cycles = next;
    }

    /**
     * CKB-VM {@code reset(max)}: zeroes registers, pc, memory and flags, cycles = 0, sets the limit,
     * clears the reservation and both caches.
     */
    public void reset(long newMaxCycles) {
        java.util.Arrays.fill(regs, 0);
        pc = 0;
        memory.clear();
        cycles = 0;
        maxCycles = newMaxCycles;
        loadReservation = NO_RESERVATION;
        invalidateCaches();
    }

    /** Forgets decoded code (a fresh or resumed machine starts with empty caches, as in CKB-VM). */
    public void invalidateCaches() {
        decoder.reset();
        traces.clear();
    }

    // ---- the run loop ------------------------------------------------------------------------

    /**
     * Run-loop iterations (trace entries) per call of one of the step methods below. The loop
     * runs in bounded calls rather than in one long call so that HotSpot compiles it, and
     * recompiles it after a deoptimization, as an ordinary method: a single long-running loop
     * only ever gets on-stack-replacement code, which the JVM enters late and leaves for its own
     * interpreter whenever a speculation fails (regions appearing, a new kind of exit), and the
     * first million instructions of a fresh process then run an interpreted interpreter.
     */
    private static final int STEPS = 512;

    /** Runs until exit, the cycle limit, or an error. May be called again after CyclesExceeded. */
    public RunResult run() {
        if (IsaFlags.has(config.isa(), IsaFlags.MOP) && !rules.allowsMacroOpFusion()) {
            return new RunResult.Failed(new VmError.InvalidVersion());
        }
        running = true;
        long retiredBefore = instructionsRetired;
        try {
            RunResult stop;
            if (translator == null) {
                do {
                    stop = interpretedSteps();
                } while (stop == null);
            } else {
                do {
                    stop = compiledSteps(instructionsRetired >= compileAfter);
                } while (stop == null);
            }
            return stop;
        } catch (VmException e) {
            return fail(e.error());
        } finally {
            JitPolicy.retired(instructionsRetired - retiredBefore);
        }
    }

    /*
     * The step methods run up to STEPS iterations of the reference loop each and return null if
     * the run goes on. Every iteration starts with enterTrace (lookup, build on a miss, charge,
     * limit), exactly as the assembly machine's loop; they differ in what runs the trace.
     */

    /** The reference loop: every trace interpreted. */
    private RunResult interpretedSteps() {
        for (int n = STEPS; n > 0 && running; n--) {
            int slot = enterTrace();
            if (slot < 0) {
                return takeStop();
            }
            pc = interpreter.executeTrace(slot, pc, traces.count[slot], traces.length[slot]);
            if (running && Long.compareUnsigned(cycles, maxCycles) > 0) {
                return syscallPassedLimit();
            }
        }
        return running ? null : stopped();
    }

    /**
     * Regions where they exist, the interpreter elsewhere. With {@code translate} (see
     * {@link JitPolicy}: not in a warm process's first {@link JitPolicy#AUTO_AFTER} instructions
     * of a run) it also counts entries: a trace entered {@link #compileThreshold} times gets
     * translated, a region entered {@link JitPolicy#RECOMPILE_AFTER} times at its head translated
     * again ({@link #entered}). Without, it writes nothing into the {@link TraceInfo}s, which
     * every machine of the process shares: counting is a store per trace entry, for nothing while
     * the run may not translate anyway (single-threaded, its cost is within the noise of a first
     * run: 2 to 9 % over the interpreter alone either way).
     */
    private RunResult compiledSteps(boolean translate) {
        for (int n = STEPS; n > 0 && running; n--) {
            int slot = enterTrace();
            if (slot < 0) {
                return takeStop();
            }
            TraceInfo info = traces.info[slot];
            CompiledRegion region = info.region;
            if (region != null && info.address == pc) {
                regionEntries++;
                runRegion(translate ? entered(info, region) : region);
                continue;
            }
            interpretedTraces++;
            pc = interpreter.executeTrace(slot, pc, traces.count[slot], traces.length[slot]);
            if (translate && region == null && ++info.hits >= compileThreshold && info.compileState == 0) {
                translator.translate(this, info);
            }
            if (running && Long.compareUnsigned(cycles, maxCycles) > 0) {
                return syscallPassedLimit();
            }
        }
        return running ? null : stopped();
    }

    /**
     * The start of every iteration: the trace at pc from the cache (decoded into it on a miss),
     * charged in full if the limit allows. Returns its slot, or -1 with the stop for
     * {@link #takeStop} (a zero-length trace, u64 cycle overflow, or the limit, with pc and
     * cycles at the trace start). Regions contain no syscall, so only interpreted traces need the
     * check after them ({@link #syscallPassedLimit}).
     */
    private int enterTrace() {
        int slot = TraceCache.slot(pc);
        if (!traceMatches(slot, pc)) {
            buildTrace(slot, pc);
            if (traces.length[slot] == 0) {
                pendingStop = fail(new VmError.ZeroLengthTrace(pc));
                return -1;
            }
        }
        long cost = traces.cycles[slot];
        long now = cycles;
        if (!chargeable(now, cost, maxCycles)) {
            pendingStop = cannotCharge(now, cost);
            return -1;
        }
        cycles = now + cost;
        instructionsRetired += traces.instructions[slot];
        return slot;
    }

    /**
     * Whether {@code cost} cycles can be charged at {@code now}: {@code now + cost} neither wraps
     * around u64 nor passes {@code max} (all unsigned). Written as {@code cost <= max - now} with
     * {@code now <= max} rather than as two tests of the sum, the form the run loop had: with
     * that one, in a JVM warmed on sieve, sieve's first 2.5 million instructions took 18 ms
     * instead of 13 (median of 9 fresh machines; a matter of HotSpot's code for the loop, and in
     * a JVM warmed on other programs lost in the interpreter's profile: README, "Speed: the engines").
     */
    static boolean chargeable(long now, long cost, long max) {
        return Long.compareUnsigned(cost, max - now) <= 0 & Long.compareUnsigned(now, max) <= 0;
    }

    /**
     * Why a trace of {@code cost} cycles cannot be charged at {@code now}: in the assembly
     * machine's order, u64 overflow first, then the limit.
     */
    private RunResult cannotCharge(long now, long cost) {
        if (Long.compareUnsigned(now + cost, now) < 0) {
            return fail(new VmError.CyclesOverflow());
        }
        running = false;
        return new RunResult.CyclesExceeded();
    }

    private RunResult takeStop() {
        RunResult stop = pendingStop;
        pendingStop = null;
        return stop;
    }

    /** Only a syscall can pass the limit: its effects stay, pc is past the ecall. */
    private RunResult syscallPassedLimit() {
        running = false;
        return new RunResult.CyclesExceeded();
    }

    /**
     * Runs a region entered at its head (charged by {@link #enterTrace}) and the regions it
     * chains to, each charged by {@link CompiledRegion#next} as the loop would; it returns at a
     * trace start with everything in place, as the reference loop would have it there.
     */
    private void runRegion(CompiledRegion region) {
        CompiledRegion chained = region.run(this);
        while (chained != null) {
            chained = chained.run(this);
        }
    }

    /**
     * Counts an entry into {@code region} at the trace {@code info} (from this loop or chained);
     * after {@link JitPolicy#RECOMPILE_AFTER} of them the translator may translate the region
     * again, and the region to enter is then the new one.
     */
    CompiledRegion entered(TraceInfo info, CompiledRegion region) {
        if (++info.regionEntries != JitPolicy.RECOMPILE_AFTER) {
            return region;
        }
        translator.retranslate(this, info);
        CompiledRegion now = info.region;
        return now != null ? now : region;
    }

    /**
     * For syscall handlers of a scheduler (ckb-script's spawn, wait, pipe, read, write, close,
     * inherited_fds and ExecV2 return CKB-VM's {@code Error::Yield}): the machine stops when the
     * handler returns, with pc past the ECALL, and {@link #run()} returns
     * {@link RunResult.Yielded}. The cycle-limit check that follows other syscalls is skipped, as
     * the error skips it in CKB-VM: the scheduler checks the total after processing the message.
     */
    public void yieldAfterSyscall() {
        yielded = true;
        running = false;
    }

    /**
     * For a syscall that replaces the running program (ckb-script version 1's in-place
     * {@code Exec}): the run goes on at the pc the handler has set (the new program's entry, or 0
     * after a reset whose load failed), not after the ECALL. CKB-VM's assembly machine continues at
     * whatever pc the machine holds when the syscall returns ({@code AsmMachine::run},
     * {@code RET_ECALL}); the cycle-limit check that follows every syscall still applies.
     */
    public void continueAtPcAfterSyscall() {
        pcSetBySyscall = true;
    }

    /** The loop ended without an error: an exit, or a yield. */
    private RunResult stopped() {
        if (yielded) {
            yielded = false;
            return new RunResult.Yielded();
        }
        return new RunResult.Exited(exitCode);
    }

    private RunResult fail(VmError error) {
        running = false;
        yielded = false;
        pcSetBySyscall = false;
        return new RunResult.Failed(error);
    }

    private boolean traceMatches(int slot, long pc) {
        // an empty slot, or (assembly machine, trace entry) a stored length of 0: decode again
        if (traces.count[slot] == 0 || traces.length[slot] == 0) {
            return false;
        }
        long address = traces.address[slot];
        // CKB-VM asm quirk kept for versions 0 and 1: only the low 32 bits of pc are compared
        return tracesMatchFullPc ? address == pc : (int) address == (int) pc;
    }

    /** Decodes a trace at pc; a decode error leaves the slot untouched and nothing charged. */
    private void buildTrace(int slot, long start) {
        long current = start;
        long traceCycles = 0;
        int parts = 0;
        int n = 0;
        while (n < TraceCache.MAX_ITEMS) {
            long inst = decoder.decode(current);
            int opcode = PackedInstruction.opcode(inst);
            traceCycles += costModel.cycles(opcode);
            parts += Opcodes.partCount(opcode);
            scratch[n++] = Lowering.lower(inst);
            current += length(inst);
            if (Opcodes.isBlockEnd(opcode)) {
                break;
            }
        }
        System.arraycopy(scratch, 0, traces.items, slot * TraceCache.MAX_ITEMS, n);
        traces.address[slot] = start;
        traces.count[slot] = n;
        traces.cycles[slot] = traceCycles;
        int asmLength = TraceCache.asmLength(current - start);
        traces.length[slot] = asmLength;
        traces.instructions[slot] = parts;
        if (table != null) {
            TraceInfo info = table.intern(start, scratch, n, asmLength, traceCycles, parts);
            traces.info[slot] = info;
            traces.ids[slot] = info.id;
        }
    }

    /**
     * CKB-VM {@code Machine::ecall}: exit first, then the handlers in order, else InvalidEcall.
     *
     * @param fallThrough the pc after the ECALL
     * @return the pc the run goes on at: {@code fallThrough}, or the pc a handler set with
     *         {@link #continueAtPcAfterSyscall()}
     */
    long ecall(long fallThrough) {
        long number = regs[A7];
        if (number == SYS_EXIT) {
            exitCode = (byte) regs[A0];
            running = false;
            return fallThrough;
        }
        for (SyscallHandler handler : syscalls) {
            if (handler.handle(this)) {
                if (pcSetBySyscall) {
                    pcSetBySyscall = false;
                    return pc;
                }
                return fallThrough;
            }
        }
        throw new VmException(new VmError.InvalidEcall(number));
    }
}
