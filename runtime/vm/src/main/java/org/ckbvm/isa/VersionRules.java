package org.ckbvm.isa;

/**
 * Every difference between CKB-VM machine versions, stated once (docs/CKB_VM.md §1.2 and §1.3). {@link #V0}
 * states the base rules; {@link #V1} and {@link #V2} are derived from the version before and each
 * states only what it changes, as Besu chains its fork specs. The rest of the runtime asks these
 * objects instead of comparing version numbers.
 *
 * <p>A final class of final fields: a machine reads what it needs once (hot paths keep the answer
 * in a final field), and there is no virtual call per instruction.
 */
public final class VersionRules {

    /** How the argv stack is laid out ({@code initialize_stack}; docs/CKB_VM.md §4.3). */
    public enum StackLayout {
        /** VERSION0: argc and argv pointers as u32 stores, no NULL argv[argc], no 16-byte alignment (issues #97, #98). */
        PACKED_32_BIT,
        /** VERSION1: u64 stores, NULL-terminated argv, SP aligned to 16; an empty argv writes nothing (issue #106). */
        ALIGNED_64_BIT
    }

    /**
     * What syscall 2043 is (ckb-script {@code generate_ckb_syscalls}; docs/SPAWN.md §1, §7).
     */
    public enum ExecSyscall {
        /** Version 0: there is no exec; 2043 is {@code InvalidEcall}. */
        NONE,
        /**
         * Version 1: {@code Exec}, the program replaced in place inside the syscall, loaded under
         * version 1's own rules, the run going on at its entry (SPAWN.md §7.2; the scheduler's
         * {@code InPlaceExec}, which continues through {@code Machine.continueAtPcAfterSyscall}).
         */
        IN_PLACE,
        /** Version 2: {@code ExecV2}, a yield; the scheduler boots a new machine with the same id (SPAWN.md §7.1). */
        SCHEDULED
    }

    public static final VersionRules V0 = new Builder()
            .version(MachineVersion.V0)
            .jalrOpcode(Opcodes.JALR_VERSION0)
            .loadsMayEndAtMemoryEnd(false)
            .rvcHintsAreNops(false)
            .stackLayout(StackLayout.PACKED_32_BIT)
            .freezesWritableSegments(true)
            .zeroFillsBeforeUnalignedSegment(true)
            .allowsMacroOpFusion(false)
            .fusesVersion2Groups(false)
            .farJumpsNeedRaTemporary(false)
            .tracesMatchFullPc(false)
            .offersVersionSyscalls(false)
            .exec(ExecSyscall.NONE)
            .offersProcessSyscalls(false)
            .build();

    /** RFC 0033. */
    public static final VersionRules V1 = V0.change()
            .version(MachineVersion.V1)
            .jalrOpcode(Opcodes.JALR_VERSION1)
            .loadsMayEndAtMemoryEnd(true)
            .rvcHintsAreNops(true)
            .stackLayout(StackLayout.ALIGNED_64_BIT)
            .freezesWritableSegments(false)
            .zeroFillsBeforeUnalignedSegment(false)
            .allowsMacroOpFusion(true)
            .offersVersionSyscalls(true)
            .exec(ExecSyscall.IN_PLACE)
            .build();

    /** RFC 0049. */
    public static final VersionRules V2 = V1.change()
            .version(MachineVersion.V2)
            .fusesVersion2Groups(true)
            .farJumpsNeedRaTemporary(true)
            .tracesMatchFullPc(true)
            .exec(ExecSyscall.SCHEDULED)
            .offersProcessSyscalls(true)
            .build();

    private static final VersionRules[] BY_VERSION = {V0, V1, V2};

    /** The rules of a machine version; a version that is not 0, 1 or 2 is refused. */
    public static VersionRules of(int version) {
        if (!MachineVersion.isValid(version)) {
            throw new IllegalArgumentException("machine version must be 0, 1 or 2, got " + version);
        }
        return BY_VERSION[version];
    }

    /**
     * The rules for ELF loading and stack set-up, which take the version as CKB's u32 and only tell
     * 0 from the rest: 0 is {@link #V0}, any other number the rules of that version, or of the newest
     * version for a number past it.
     */
    public static VersionRules forLoader(int version) {
        if (version == MachineVersion.V0) {
            return V0;
        }
        return MachineVersion.isValid(version) ? BY_VERSION[version] : BY_VERSION[MachineVersion.LATEST];
    }

    private final int version;
    private final int jalrOpcode;
    private final boolean loadsMayEndAtMemoryEnd;
    private final boolean rvcHintsAreNops;
    private final StackLayout stackLayout;
    private final boolean freezesWritableSegments;
    private final boolean zeroFillsBeforeUnalignedSegment;
    private final boolean allowsMacroOpFusion;
    private final boolean fusesVersion2Groups;
    private final boolean farJumpsNeedRaTemporary;
    private final boolean tracesMatchFullPc;
    private final boolean offersVersionSyscalls;
    private final ExecSyscall exec;
    private final boolean offersProcessSyscalls;

    private VersionRules(Builder b) {
        this.version = b.version;
        this.jalrOpcode = b.jalrOpcode;
        this.loadsMayEndAtMemoryEnd = b.loadsMayEndAtMemoryEnd;
        this.rvcHintsAreNops = b.rvcHintsAreNops;
        this.stackLayout = b.stackLayout;
        this.freezesWritableSegments = b.freezesWritableSegments;
        this.zeroFillsBeforeUnalignedSegment = b.zeroFillsBeforeUnalignedSegment;
        this.allowsMacroOpFusion = b.allowsMacroOpFusion;
        this.fusesVersion2Groups = b.fusesVersion2Groups;
        this.farJumpsNeedRaTemporary = b.farJumpsNeedRaTemporary;
        this.tracesMatchFullPc = b.tracesMatchFullPc;
        this.offersVersionSyscalls = b.offersVersionSyscalls;
        this.exec = b.exec;
        this.offersProcessSyscalls = b.offersProcessSyscalls;
    }

    /** The machine version number (what vm_version returns, what snapshots record). */
    public int version() {
        return version;
    }

    /**
     * The opcode JALR, C.JR and C.JALR decode to (utils.rs jalr): JALR_VERSION0 writes rd before it
     * reads rs1, so {@code jalr t0, 0(t0)} jumps to the link value (issue #92); JALR_VERSION1 reads first.
     */
    public int jalrOpcode() {
        return jalrOpcode;
    }

    /**
     * Whether a load may end exactly at the end of memory: VERSION0 loads fault when address + width
     * equals the memory size (asm CHECK_READ_VERSION0), VERSION1 loads do not. Decides which of the
     * {@code *_VERSION0} / {@code *_VERSION1} load opcodes the decoder produces; instruction fetch,
     * stores and syscalls are not affected.
     */
    public boolean loadsMayEndAtMemoryEnd() {
        return loadsMayEndAtMemoryEnd;
    }

    /** Whether the RVC HINT encodings decode to a NOP; on VERSION0 they are InvalidInstruction (rvc.rs). */
    public boolean rvcHintsAreNops() {
        return rvcHintsAreNops;
    }

    public StackLayout stackLayout() {
        return stackLayout;
    }

    /** Whether writable (RW) ELF segments are mapped FREEZED (VERSION0), so they can never be re-mapped. */
    public boolean freezesWritableSegments() {
        return freezesWritableSegments;
    }

    /**
     * Whether loading also zero-fills {@code [page start, p_vaddr)} of each segment through the
     * checked store (VERSION0), which fails with MemWriteOnExecutablePage for an executable segment
     * whose vaddr is not page-aligned.
     */
    public boolean zeroFillsBeforeUnalignedSegment() {
        return zeroFillsBeforeUnalignedSegment;
    }

    /** Whether the MOP ISA flag may be set: with MOP on VERSION0, {@code run} fails with InvalidVersion. */
    public boolean allowsMacroOpFusion() {
        return allowsMacroOpFusion;
    }

    /** Whether the VERSION2 fusions exist: ADD3A/B/C and ADCS after ADD, SBBS after SUB, AUIPC + ADDI. */
    public boolean fusesVersion2Groups() {
        return fusesVersion2Groups;
    }

    /**
     * VERSION2's stricter far jumps: LUI/AUIPC + JALR fuse only when the temporary register is ra,
     * and FAR_JUMP_REL only when the immediates add without i32 overflow. VERSION1 fuses whenever
     * jalr.rs1 is the temporary and jalr.rd is ra, adding with wrapping (leaving the temporary stale).
     */
    public boolean farJumpsNeedRaTemporary() {
        return farJumpsNeedRaTemporary;
    }

    /**
     * Whether the trace cache compares all 64 bits of pc (VERSION2); before, the assembly machine
     * compares the low 32 bits only, so a jump to pc + 2^32 runs the trace cached for pc.
     */
    public boolean tracesMatchFullPc() {
        return tracesMatchFullPc;
    }

    /** Whether the syscalls vm_version (2041) and current_cycles (2042) exist (VERSION1 on). */
    public boolean offersVersionSyscalls() {
        return offersVersionSyscalls;
    }

    /** What syscall 2043 is on this version (CKB script version = machine version). */
    public ExecSyscall exec() {
        return exec;
    }

    /**
     * Whether the syscalls of several VMs per script exist (version 2; docs/SPAWN.md §1): spawn
     * (2601), wait (2602), process_id (2603), pipe (2604), write (2605), read (2606),
     * inherited_fds (2607), close (2608), and load_block_extension (2104).
     */
    public boolean offersProcessSyscalls() {
        return offersProcessSyscalls;
    }

    @Override
    public String toString() {
        return "VersionRules.V" + version;
    }

    /** A copy of these rules to state a later version's changes on. */
    private Builder change() {
        Builder b = new Builder();
        b.version = version;
        b.jalrOpcode = jalrOpcode;
        b.loadsMayEndAtMemoryEnd = loadsMayEndAtMemoryEnd;
        b.rvcHintsAreNops = rvcHintsAreNops;
        b.stackLayout = stackLayout;
        b.freezesWritableSegments = freezesWritableSegments;
        b.zeroFillsBeforeUnalignedSegment = zeroFillsBeforeUnalignedSegment;
        b.allowsMacroOpFusion = allowsMacroOpFusion;
        b.fusesVersion2Groups = fusesVersion2Groups;
        b.farJumpsNeedRaTemporary = farJumpsNeedRaTemporary;
        b.tracesMatchFullPc = tracesMatchFullPc;
        b.offersVersionSyscalls = offersVersionSyscalls;
        b.exec = exec;
        b.offersProcessSyscalls = offersProcessSyscalls;
        return b;
    }

    private static final class Builder {
        int version;
        int jalrOpcode;
        boolean loadsMayEndAtMemoryEnd;
        boolean rvcHintsAreNops;
        StackLayout stackLayout;
        boolean freezesWritableSegments;
        boolean zeroFillsBeforeUnalignedSegment;
        boolean allowsMacroOpFusion;
        boolean fusesVersion2Groups;
        boolean farJumpsNeedRaTemporary;
        boolean tracesMatchFullPc;
        boolean offersVersionSyscalls;
        ExecSyscall exec;
        boolean offersProcessSyscalls;

        Builder version(int v) { version = v; return this; }
        Builder jalrOpcode(int v) { jalrOpcode = v; return this; }
        Builder loadsMayEndAtMemoryEnd(boolean v) { loadsMayEndAtMemoryEnd = v; return this; }
        Builder rvcHintsAreNops(boolean v) { rvcHintsAreNops = v; return this; }
        Builder stackLayout(StackLayout v) { stackLayout = v; return this; }
        Builder freezesWritableSegments(boolean v) { freezesWritableSegments = v; return this; }
        Builder zeroFillsBeforeUnalignedSegment(boolean v) { zeroFillsBeforeUnalignedSegment = v; return this; }
        Builder allowsMacroOpFusion(boolean v) { allowsMacroOpFusion = v; return this; }
        Builder fusesVersion2Groups(boolean v) { fusesVersion2Groups = v; return this; }
        Builder farJumpsNeedRaTemporary(boolean v) { farJumpsNeedRaTemporary = v; return this; }
        Builder tracesMatchFullPc(boolean v) { tracesMatchFullPc = v; return this; }
        Builder offersVersionSyscalls(boolean v) { offersVersionSyscalls = v; return this; }
        Builder exec(ExecSyscall v) { exec = v; return this; }
        Builder offersProcessSyscalls(boolean v) { offersProcessSyscalls = v; return this; }

        VersionRules build() {
            return new VersionRules(this);
        }
    }
}
