package org.ckbvm.scheduler;

import static org.ckbvm.scheduler.Guest.A0;
import static org.ckbvm.scheduler.Guest.A1;
import static org.ckbvm.scheduler.Guest.A2;
import static org.ckbvm.scheduler.Guest.A3;
import static org.ckbvm.scheduler.Guest.A4;
import static org.ckbvm.scheduler.Guest.A5;
import static org.ckbvm.scheduler.Guest.SP;
import static org.ckbvm.scheduler.Guest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.ckbvm.error.VmError;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.Test;

/**
 * Each script-version-2 syscall on its own: its result and exactly what it charges (docs/SPAWN.md
 * §4, §6), on tiny programs whose every other cycle is known ({@link Guest#cycles()}); and which
 * versions have them (§1).
 */
class SyscallsTest {
    private static final long SPAWN = 100_000 + 800;
    private static final long YIELD = 800;
    private static final long EXEC = 75_000;

    private static ScriptResult run(MachineConfig config, Guest root, Guest... cellDeps) {
        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId program = blobs.add(root.elf());
        List<SourceId> sources = new ArrayList<>();
        for (Guest dep : cellDeps) {
            sources.add(blobs.add(dep.elf()));
        }
        ScriptEnvironment env = ScriptEnvironment.of(config, blobs, program, sources).withEngine(Engine.INTERP);
        return Scheduler.start(env).run(-1L);
    }

    private static ScriptResult run(Guest root, Guest... cellDeps) {
        return run(MachineConfig.defaults(), root, cellDeps);
    }

    private static void assertExit(int code, long cycles, ScriptResult result) {
        assertEquals(new ScriptResult.Exited(code, cycles), result);
    }

    private static void assertError(String kind, ScriptResult result) {
        assertEquals(kind, result instanceof ScriptResult.Failed f ? f.error().kind() : result.toString());
    }

    /** t0 = sp - 64: a zeroed block {argc, argv, &pid = t0 + 32, fds} for spawn, pid at t0 + 32. */
    private static Guest spawnBlock(Guest g) {
        return g.addi(T0, SP, -64).addi(A0, T0, 32).sd(A0, T0, 16);
    }

    /** spawn(cell dep 0, place 0, bounds = offset << 32), block at t0. */
    private static Guest spawnCellDep0(Guest g, int offset) {
        return g.li(A0, 0).li(A1, 3).li(A2, 0).li(A3, offset).slli(A3, A3, 32).addi(A4, T0, 0)
                .syscall(ProcessSyscalls.SPAWN);
    }

    @Test
    void processIdIsTheCallersIdAndCostsTheEcallOnly() {
        Guest root = Guest.program().syscall(ProcessSyscalls.PROCESS_ID).exit();
        assertExit(0, root.cycles(), run(root));
    }

    @Test
    void spawnChargesItsBaseAndTheChildsLoadAndWaitGivesTheExitCode() {
        Guest child = Guest.program().syscall(ProcessSyscalls.PROCESS_ID).addi(A0, A0, -4).exit(); // exits -3
        Guest root = spawnCellDep0(spawnBlock(Guest.program()), 0)
                .ld(A0, T0, 32).addi(A1, T0, 40).syscall(ProcessSyscalls.WAIT)
                .ld(A0, T0, 40).exit();
        // spawn 100,000 + 800, wait 800; the child's own load and instructions count when it runs
        assertExit(-3, root.cycles() + SPAWN + YIELD + child.cycles(), run(root, child));
    }

    @Test
    void spawnRefusalsInTheSyscallCostTheEcallOnly() {
        Guest badPlace = spawnBlock(Guest.program()).li(A0, 0).li(A1, 3).li(A2, 2).addi(A4, T0, 0)
                .syscall(ProcessSyscalls.SPAWN).exit();
        assertExit((int) ReturnCode.INDEX_OUT_OF_BOUND, badPlace.cycles(), run(badPlace, Guest.program()));
        Guest missing = spawnBlock(Guest.program()).li(A0, 1).li(A1, 3).addi(A4, T0, 0)
                .syscall(ProcessSyscalls.SPAWN).exit();
        assertExit((int) ReturnCode.INDEX_OUT_OF_BOUND, missing.cycles(), run(missing, Guest.program()));
        Guest pastEnd = spawnCellDep0(spawnBlock(Guest.program()), 1 << 20).exit();
        assertExit((int) ReturnCode.SLICE_OUT_OF_BOUND, pastEnd.cycles(), run(pastEnd, Guest.program()));
        Guest badSource = spawnBlock(Guest.program()).li(A1, 5).addi(A4, T0, 0).syscall(ProcessSyscalls.SPAWN).exit();
        assertEquals(new VmError.External("SourceEntry parse_from_u64 5"),
                ((ScriptResult.Failed) run(badSource, Guest.program())).error());
    }

    @Test
    void aSpawnedProgramThatIsNotAnElfFailsTheScript() {
        Guest root = spawnCellDep0(spawnBlock(Guest.program()), 0).exit();
        Guest notElf = Guest.program(); // its ELF cut below: bounds offset 1
        assertError("ElfParseError", run(spawnCellDep0(spawnBlock(Guest.program()), 1).exit(), notElf));
        Guest child = Guest.program().li(A0, 0).exit();
        assertExit(0, root.cycles() + SPAWN + child.cycles(), run(root, child));
    }

    @Test
    void argvThatCannotBeReadFailsTheBoot() {
        // argc 1, argv = t0 + 48 holding the pointer 2^40: the string is outside memory
        Guest badPointer = spawnBlock(Guest.program()).li(A0, 1).sd(A0, T0, 0).addi(A0, T0, 48).sd(A0, T0, 8)
                .li(A0, 1).slli(A0, A0, 40).sd(A0, T0, 48);
        assertError("MemOutOfBound", run(spawnCellDep0(badPointer, 0).exit(), Guest.program().exit()));
        // argc u64::MAX over a zeroed stack: empty strings until argv runs off the end of memory
        Guest endless = spawnBlock(Guest.program()).li(A0, -1).sd(A0, T0, 0).addi(A0, T0, 48).sd(A0, T0, 8);
        assertError("MemOutOfBound", run(spawnCellDep0(endless, 0).exit(), Guest.program().exit()));
    }

    @Test
    void execReplacesTheProgramFor75000AndTheLoad() {
        Guest next = Guest.program().li(A0, 9).exit();
        Guest root = Guest.program().li(A0, 0).li(A1, 3).li(A2, 0).li(A3, 0).li(A4, 0).li(A5, 0)
                .syscall(ProcessSyscalls.EXEC);
        assertExit(9, root.cycles() + EXEC + next.cycles(), run(root, next));
        Guest refused = Guest.program().li(A1, 4).syscall(ProcessSyscalls.EXEC).exit();
        assertExit((int) ReturnCode.INDEX_OUT_OF_BOUND, refused.cycles(), run(refused, next));
    }

    @Test
    void waitForNoVmIsWaitFailureFor800() {
        Guest root = Guest.program().li(A0, 5).addi(A1, SP, -8).syscall(ProcessSyscalls.WAIT).exit();
        assertExit((int) ReturnCode.WAIT_FAILURE, root.cycles() + YIELD, run(root));
    }

    @Test
    void pipeGivesTheNextTwoFdsFor800() {
        Guest root = Guest.program().addi(A0, SP, -16).syscall(PipeSyscalls.PIPE)
                .ld(A0, SP, -8).exit();
        assertExit(3, root.cycles() + YIELD, run(root));
    }

    @Test
    void readAndWriteRefuseTheWrongParityAtOnceAndOtherFdsFor800() {
        Guest writeEven = Guest.program().li(A0, 2).addi(A1, SP, -16).addi(A2, SP, -8).syscall(PipeSyscalls.WRITE).exit();
        assertExit((int) ReturnCode.INVALID_FD, writeEven.cycles(), run(writeEven));
        Guest readOdd = Guest.program().li(A0, 3).addi(A1, SP, -16).addi(A2, SP, -8).syscall(PipeSyscalls.READ).exit();
        assertExit((int) ReturnCode.INVALID_FD, readOdd.cycles(), run(readOdd));
        Guest writeNotOwned = Guest.program().li(A0, 5).addi(A1, SP, -16).addi(A2, SP, -8).syscall(PipeSyscalls.WRITE).exit();
        assertExit((int) ReturnCode.INVALID_FD, writeNotOwned.cycles() + YIELD, run(writeNotOwned));
        Guest readNotOwned = Guest.program().li(A0, 4).addi(A1, SP, -16).addi(A2, SP, -8).syscall(PipeSyscalls.READ).exit();
        assertExit((int) ReturnCode.INVALID_FD, readNotOwned.cycles() + YIELD, run(readNotOwned));
        Guest badLength = Guest.program().li(A0, 3).li(A2, -1).syscall(PipeSyscalls.WRITE).exit();
        assertError("MemOutOfBound", run(badLength));
    }

    @Test
    void writeToOwnPipeWithTheReadEndClosedIsOtherEndClosed() {
        Guest root = Guest.program().addi(A0, SP, -16).syscall(PipeSyscalls.PIPE)
                .ld(A0, SP, -16).syscall(PipeSyscalls.CLOSE)
                .ld(A0, SP, -8).addi(A1, SP, -32).addi(A2, SP, -24).syscall(PipeSyscalls.WRITE).exit();
        assertExit((int) ReturnCode.OTHER_END_CLOSED, root.cycles() + 3 * YIELD, run(root));
    }

    @Test
    void closeOfAnFdNotOwnedIsInvalidFdFor800() {
        Guest root = Guest.program().li(A0, 2).syscall(PipeSyscalls.CLOSE).exit();
        assertExit((int) ReturnCode.INVALID_FD, root.cycles() + YIELD, run(root));
    }

    @Test
    void theRootInheritsNoFds() {
        Guest root = Guest.program().li(A0, 7).sd(A0, SP, -8).addi(A0, SP, -16).addi(A1, SP, -8)
                .syscall(PipeSyscalls.INHERITED_FDS).ld(A1, SP, -8).or(A0, A0, A1).exit();
        assertExit(0, root.cycles() + YIELD, run(root));
    }

    @Test
    void blockExtensionsAreNothingThereForFree() {
        Guest cellDep = Guest.program().li(A3, 0).li(A4, 3).syscall(BlockExtensionSyscall.LOAD_BLOCK_EXTENSION).exit();
        assertExit((int) ReturnCode.ITEM_MISSING, cellDep.cycles(), run(cellDep, Guest.program()));
        Guest pastEnd = Guest.program().li(A3, 1).li(A4, 3).syscall(BlockExtensionSyscall.LOAD_BLOCK_EXTENSION).exit();
        assertExit((int) ReturnCode.INDEX_OUT_OF_BOUND, pastEnd.cycles(), run(pastEnd, Guest.program()));
        Guest output = Guest.program().li(A3, 0).li(A4, 2).syscall(BlockExtensionSyscall.LOAD_BLOCK_EXTENSION).exit();
        assertExit((int) ReturnCode.INDEX_OUT_OF_BOUND, output.cycles(), run(output, Guest.program()));
        Guest badSource = Guest.program().li(A3, 0).li(A4, 0).syscall(BlockExtensionSyscall.LOAD_BLOCK_EXTENSION).exit();
        assertEquals(new VmError.External("SourceEntry parse_from_u64 0"),
                ((ScriptResult.Failed) run(badSource, Guest.program())).error());
    }

    /**
     * Version 0 has none of them; version 1 has only exec (the in-place {@code Exec}: with a1 = 0
     * it fails parsing the source, as ckb's {@code Source::parse_from_u64}).
     */
    @Test
    void versionZeroHasNoneOfThemAndVersionOneOnlyExec() {
        MachineConfig v1 = MachineConfig.defaults().withVersion(1);
        MachineConfig v0 = MachineConfig.defaults().withVersion(0).withIsa(IsaFlags.IMC);
        for (int number : new int[] {ProcessSyscalls.EXEC, ProcessSyscalls.SPAWN, ProcessSyscalls.WAIT,
                ProcessSyscalls.PROCESS_ID, PipeSyscalls.PIPE, PipeSyscalls.WRITE, PipeSyscalls.READ,
                PipeSyscalls.INHERITED_FDS, PipeSyscalls.CLOSE, BlockExtensionSyscall.LOAD_BLOCK_EXTENSION}) {
            Guest root = Guest.program().syscall(number).exit();
            for (MachineConfig config : List.of(v0, v1)) {
                VmError expected = number == ProcessSyscalls.EXEC && config.version() == 1
                        ? new VmError.External("SourceEntry parse_from_u64 0") : new VmError.InvalidEcall(number);
                assertEquals(expected, ((ScriptResult.Failed) run(config, root)).error(),
                        number + " on version " + config.version());
            }
        }
    }
}
