package org.ckbvm.snapshot;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.ckbvm.elf.ElfLoader;
import org.ckbvm.elf.ElfParser;
import org.ckbvm.elf.ElfProgram;
import org.ckbvm.elf.LoadedProgram;
import org.ckbvm.elf.ProgramLoader;
import org.ckbvm.elf.StackInitializer;
import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.SourceContext;
import org.ckbvm.syscall.BasicSyscalls;
import org.ckbvm.syscall.DataLoadSyscalls;

/**
 * A machine that can be suspended into a {@link Snapshot} and resumed from one: the machine, its
 * source context (which pages are still copies of source blobs) and its state-root tree.
 *
 * <p>Resuming checks everything on the way in: the header against the configuration, every
 * referenced blob against its content hash, and the recomputed state root against the recorded
 * one. Running in segments ends in exactly the state of one uninterrupted run, because a stop
 * never leaves an instruction half done and the snapshot restores registers, pc, cycles, the
 * reservation and every page with its flags.
 */
public final class SuspendableMachine {
    private static final int SP = 2;

    private final Machine machine;
    private final SourceContext sources;
    private final StateRootTree tree;
    private SourceId program;

    private SuspendableMachine(Machine machine, SourceContext sources) {
        this.machine = machine;
        this.sources = sources;
        this.tree = StateRootTree.build(machine.memory());
    }

    /** A fresh machine with its sources, before any program is loaded. */
    public static SuspendableMachine create(MachineConfig config, DataSource dataSource, List<SourceId> txSources,
                                            Consumer<String> debugSink, List<SyscallHandler> extraSyscalls) {
        return create(config, dataSource, txSources, debugSink, () -> 0L, extraSyscalls);
    }

    /**
     * A fresh machine whose current_cycles adds {@code scriptCycles} (read at each call) to its own
     * counter: one VM of several, whose scheduler holds the script's total (ckb-script
     * {@code VmContext::base_cycles}).
     */
    public static SuspendableMachine create(MachineConfig config, DataSource dataSource, List<SourceId> txSources,
                                            Consumer<String> debugSink, LongSupplier scriptCycles,
                                            List<SyscallHandler> extraSyscalls) {
        Machine machine = new Machine(config);
        SourceContext context = new SourceContext(dataSource, txSources, machine.memory().pageCount());
        machine.addSyscalls(new BasicSyscalls(debugSink, scriptCycles));
        machine.addSyscalls(new DataLoadSyscalls(context));
        extraSyscalls.forEach(machine::addSyscalls);
        return new SuspendableMachine(machine, context);
    }

    /**
     * Loads the program blob {@code program} from the data source (checking its content hash)
     * with argv {@code args}, charging the load cost; the pages copied from the ELF are tracked as
     * source pages.
     *
     * @throws VmException for a missing or altered program blob, or an ELF CKB-VM refuses
     */
    public void loadProgram(SourceId program, List<byte[]> args) {
        byte[] elf = sources.load(program, 0, 0).bytes();
        if (!CkbHash.sourceId(elf).equals(program)) {
            throw new VmException(new VmError.SnapshotDataLoadError("program blob does not hash to " + program));
        }
        LoadedProgram loaded = ElfLoader.boot(machine, elf, args);
        sources.markProgram(machine.memory(), loaded.program(), program, 0);
        this.program = program;
    }

    /**
     * Loads a program a scheduler took from a data source (ckb-script {@code Scheduler::load_vm_program}
     * for spawn and ExecV2): {@code elf} is the slice of blob {@code source} that starts at
     * {@code offset}. Parses and maps it, then takes argv from {@code args} (which may read another
     * VM's memory and fail), builds the stack, sets pc and SP, tracks the pages copied from the blob
     * at their offsets in it, and charges the load cost {@code ceil((filesz + stack bytes) / 4)}.
     *
     * @throws VmException with the first error CKB-VM reports (an ELF it refuses, an argv read fault,
     *                     a stack overflow)
     */
    public LoadedProgram loadProgram(SourceId source, long offset, byte[] elf, Supplier<List<byte[]>> args) {
        org.ckbvm.isa.VersionRules rules = machine.config().rules();
        ElfProgram parsed = ElfParser.parse(elf, rules);
        Memory memory = machine.memory();
        long elfBytes = ProgramLoader.load(memory, elf, parsed, rules);
        StackInitializer.Result stack = StackInitializer.initialize(memory, args.get(),
                StackInitializer.stackStart(memory.size()), StackInitializer.stackSize(memory.size()), rules);
        if (Long.compareUnsigned(elfBytes + stack.bytes(), elfBytes) < 0) {
            throw new VmException(new VmError.Unexpected("The bytes count overflowed on loading program"));
        }
        LoadedProgram loaded = new LoadedProgram(parsed.entry(), stack.sp(), elfBytes, stack.bytes(), parsed);
        machine.setPc(loaded.entry());
        machine.setRegister(SP, loaded.sp());
        sources.markProgram(memory, parsed, source, offset);
        machine.addCycles(machine.config().costModel().programLoadCycles(loaded.totalBytes()));
        this.program = source;
        return loaded;
    }

    /** {@link #create} then {@link #loadProgram}. */
    public static SuspendableMachine boot(MachineConfig config, DataSource dataSource, SourceId program,
                                          List<SourceId> txSources, List<byte[]> args,
                                          Consumer<String> debugSink, List<SyscallHandler> extraSyscalls) {
        SuspendableMachine sm = create(config, dataSource, txSources, debugSink, extraSyscalls);
        sm.loadProgram(program, args);
        return sm;
    }

    public Machine machine() {
        return machine;
    }

    public SourceContext sources() {
        return sources;
    }

    /** Sets the absolute cycle limit (CKB-VM {@code set_max_cycles}) and runs. */
    public RunResult run(long maxCycles) {
        machine.setMaxCycles(maxCycles);
        return machine.run();
    }

    /** The state root now (cost: the pages written since the last root). */
    public byte[] stateRoot() {
        return tree.stateRoot(machine.config(), registers());
    }

    /** An inclusion proof of one page against the current state root. */
    public PageProof proof(int page) {
        return tree.proof(page, machine.config(), registers());
    }

    private MachineRegisters registers() {
        long[] regs = new long[32];
        for (int i = 0; i < 32; i++) {
            regs[i] = machine.register(i);
        }
        return new MachineRegisters(regs, machine.pc(), machine.cycles(), machine.maxCycles(), machine.loadReservation());
    }

    // ---- making snapshots -----------------------------------------------------------------------

    /** Suspends into a snapshot of the given kind. The machine is unchanged and may go on. */
    public Snapshot snapshot(Snapshot.Kind kind) {
        byte[] root = stateRoot();
        SnapshotHeader header = SnapshotHeader.of(machine.config());
        return kind == Snapshot.Kind.V2
                ? new Snapshot(kind, header, registers(), sources.transactionSources(), sourcePageRanges(),
                        dirtyPageRanges(true), root, program)
                : new Snapshot(kind, header, registers(), sources.transactionSources(), List.of(),
                        dirtyPageRanges(false), root, program);
    }

    /**
     * Snapshot2 {@code dirty_pages}: DIRTY pages ascending, consecutive pages with equal flags
     * merged. For v1 ({@code merge} false) every page that carries state is a range of its own:
     * DIRTY pages and also source-tracked ones, since v1 references no source.
     */
    private List<DirtyPageRange> dirtyPageRanges(boolean merge) {
        Memory memory = machine.memory();
        List<DirtyPageRange> ranges = new ArrayList<>();
        long runStart = -1;
        int runFlags = 0;
        int runPages = 0;
        for (int page = 0; page < memory.pageCount(); page++) {
            int flags = memory.flag(page);
            if (!merge && sources.isTracked(page)) {
                // v1 references no source: a tracked page is carried as the dirty page it would be
                // on a machine without source tracking (CKB-VM marks every loaded page DIRTY)
                flags |= Memory.FLAG_DIRTY;
            }
            if ((flags & Memory.FLAG_DIRTY) == 0) {
                continue;
            }
            long address = (long) page << Memory.PAGE_SHIFT;
            if (merge && runPages > 0 && runStart + ((long) runPages << Memory.PAGE_SHIFT) == address && runFlags == flags) {
                runPages++;
                continue;
            }
            if (runPages > 0) {
                ranges.add(new DirtyPageRange(runStart, runFlags, memory.loadBytes(runStart, runPages << Memory.PAGE_SHIFT)));
            }
            runStart = address;
            runFlags = flags;
            runPages = 1;
        }
        if (runPages > 0) {
            ranges.add(new DirtyPageRange(runStart, runFlags, memory.loadBytes(runStart, runPages << Memory.PAGE_SHIFT)));
        }
        return ranges;
    }

    /**
     * Snapshot2 {@code pages_from_source}: tracked pages that are not DIRTY, ascending; a page joins
     * the previous range when address, flags, source and source offset all continue it.
     */
    private List<SourcePageRange> sourcePageRanges() {
        Memory memory = machine.memory();
        List<SourcePageRange> ranges = new ArrayList<>();
        SourcePageRange last = null;
        for (int page = 0; page < memory.pageCount(); page++) {
            if (!sources.isTracked(page) || (memory.flag(page) & Memory.FLAG_DIRTY) != 0) {
                continue;
            }
            long address = (long) page << Memory.PAGE_SHIFT;
            SourceId id = sources.trackedSource(page);
            long offset = sources.trackedOffset(page);
            int flags = sources.trackedFlags(page);
            if (last != null && last.address() + last.length() == address && last.flags() == flags
                    && last.source().equals(id) && last.offset() + last.length() == offset) {
                last = new SourcePageRange(last.address(), flags, id, last.offset(), last.length() + Memory.PAGE_SIZE);
                ranges.set(ranges.size() - 1, last);
            } else {
                last = new SourcePageRange(address, flags, id, offset, Memory.PAGE_SIZE);
                ranges.add(last);
            }
        }
        return ranges;
    }

    // ---- resuming ---------------------------------------------------------------------------------

    /**
     * Resumes a snapshot on a fresh machine of configuration {@code config}.
     *
     * @throws ResumeException if the header differs from {@code config}, a blob is missing, altered
     *                         or too short, memory cannot be restored, or the restored state's root
     *                         differs from the recorded one
     */
    public static SuspendableMachine resume(Snapshot snapshot, DataSource dataSource, MachineConfig config,
                                            Consumer<String> debugSink, List<SyscallHandler> extraSyscalls)
            throws ResumeException {
        return resume(snapshot, dataSource, config, debugSink, () -> 0L, extraSyscalls);
    }

    /** {@link #resume(Snapshot, DataSource, MachineConfig, Consumer, List)} for one VM of several (see {@link #create}). */
    public static SuspendableMachine resume(Snapshot snapshot, DataSource dataSource, MachineConfig config,
                                            Consumer<String> debugSink, LongSupplier scriptCycles,
                                            List<SyscallHandler> extraSyscalls)
            throws ResumeException {
        checkHeader(snapshot.header(), config);
        MachineRegisters state = snapshot.state();
        if (state.register(0) != 0) {
            throw new ResumeException(new ResumeException.Reason.Malformed("x0 is " + state.register(0)));
        }
        Map<SourceId, byte[]> blobs = verifiedBlobs(snapshot, dataSource);
        SuspendableMachine sm = create(config, dataSource, snapshot.sources(), debugSink, scriptCycles, extraSyscalls);
        sm.program = snapshot.program();
        Machine machine = sm.machine;
        for (int i = 1; i < 32; i++) {
            machine.setRegister(i, state.register(i));
        }
        machine.setPc(state.pc());
        machine.setCycles(state.cycles());
        machine.setMaxCycles(state.maxCycles());
        try {
            Memory memory = machine.memory();
            for (SourcePageRange range : snapshot.sourcePages()) {
                byte[] blob = blobs.get(range.source());
                DataSlice slice = DataSlice.of(blob, range.offset(), range.length());
                if (slice.bytes().length != range.length()) {
                    throw new ResumeException(new ResumeException.Reason.SourceTooShort(range.source(),
                            range.offset(), range.length(), slice.bytes().length));
                }
                restorePages(memory, range.address(), slice.bytes(), range.flags());
                sm.sources.trackPages(memory, range.address(), range.length(), range.source(), range.offset());
            }
            for (DirtyPageRange range : snapshot.dirtyPages()) {
                restorePages(memory, range.address(), range.content(), range.flags());
            }
        } catch (VmException e) {
            throw new ResumeException(new ResumeException.Reason.MachineError(e.error()));
        }
        machine.setLoadReservation(state.loadReservation());
        byte[] root = sm.stateRoot();
        if (!java.util.Arrays.equals(root, snapshot.stateRoot())) {
            throw new ResumeException(new ResumeException.Reason.StateRootMismatch(
                    HexFormat.of().formatHex(snapshot.stateRoot()), HexFormat.of().formatHex(root)));
        }
        return sm;
    }

    /** CKB-VM resume: {@code store_bytes}, then OR the recorded flags into every page. */
    private static void restorePages(Memory memory, long address, byte[] content, int flags) {
        memory.storeBytes(address, content, 0, content.length);
        for (int i = 0; i < content.length >>> Memory.PAGE_SHIFT; i++) {
            memory.setFlag((address >>> Memory.PAGE_SHIFT) + i, flags);
        }
    }

    private static void checkHeader(SnapshotHeader snapshot, MachineConfig config) throws ResumeException {
        SnapshotHeader machine = SnapshotHeader.of(config);
        mismatch("format version", snapshot.formatVersion(), machine.formatVersion());
        mismatch("machine version", snapshot.machineVersion(), machine.machineVersion());
        mismatch("ISA", snapshot.isa(), machine.isa());
        mismatch("cost model", snapshot.costModel(), machine.costModel());
        mismatch("memory size", snapshot.memorySize(), machine.memorySize());
    }

    private static void mismatch(String field, Object snapshot, Object machine) throws ResumeException {
        if (!snapshot.equals(machine)) {
            throw new ResumeException(new ResumeException.Reason.SnapshotVersionMismatch(
                    field, String.valueOf(snapshot), String.valueOf(machine)));
        }
    }

    /**
     * Every blob the snapshot names (its source pages and the transaction's sources), loaded whole
     * once and checked against its id, in id order.
     */
    private static Map<SourceId, byte[]> verifiedBlobs(Snapshot snapshot, DataSource dataSource) throws ResumeException {
        TreeMap<SourceId, byte[]> blobs = new TreeMap<>();
        // the program blob is needed only where source pages still reference it
        List<SourceId> wanted = new ArrayList<>(snapshot.sources());
        snapshot.sourcePages().forEach(r -> wanted.add(r.source()));
        for (SourceId id : wanted) {
            if (blobs.containsKey(id)) {
                continue;
            }
            byte[] blob = dataSource.load(id, 0, 0)
                    .orElseThrow(() -> new ResumeException(new ResumeException.Reason.MissingSource(id)))
                    .bytes();
            SourceId actual = CkbHash.sourceId(blob);
            if (!actual.equals(id)) {
                throw new ResumeException(new ResumeException.Reason.SourceContentMismatch(id, actual.toHex()));
            }
            blobs.put(id, blob);
        }
        return blobs;
    }
}
