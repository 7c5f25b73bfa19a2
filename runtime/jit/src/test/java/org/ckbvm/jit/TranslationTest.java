package org.ckbvm.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.ckbvm.TestVectors;
import org.ckbvm.elf.ElfLoader;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.machine.TraceTranslator;
import org.ckbvm.syscall.BasicSyscalls;
import org.junit.jupiter.api.Test;

/**
 * The JIT really translates: with this module on the class path the machine finds it through
 * ServiceLoader, and a hot program enters compiled regions under both
 * JIT engines, with the interpreter's result. A translator that silently stopped translating (a
 * missing service file, a policy that never fires, every region failing) fails here.
 */
class TranslationTest {
    private static Machine run(String program, Engine engine, String... args) throws IOException {
        Machine machine = new Machine(MachineConfig.defaults()).addSyscalls(new BasicSyscalls(m -> { }, 0));
        machine.setEngine(engine);
        ElfLoader.boot(machine, Files.readAllBytes(TestVectors.elf(program)),
                java.util.Arrays.stream(args).map(String::getBytes).toList());
        assertInstanceOf(RunResult.Exited.class, machine.run());
        return machine;
    }

    @Test
    void theTranslatorIsFoundThroughServiceLoader() {
        assertInstanceOf(RegionCompiler.class, TraceTranslator.installed().orElseThrow());
    }

    /**
     * The crypto class (large straight-line blocks, 64-bit multiply and carry chains) runs
     * translated too, mostly from region to region without the run loop (chained), with the
     * interpreter's cycles, pc and registers.
     */
    @Test
    void cryptoCodeRunsCompiledAndChained() throws IOException {
        for (String[] program : new String[][] {{"sha256", "1000"}, {"blake2b", "3000"}, {"secp256k1", "2"}}) {
            Machine interp = run(program[0], Engine.INTERP, program[1]);
            for (Engine engine : List.of(Engine.JIT, Engine.AUTO)) {
                Machine m = run(program[0], engine, program[1]);
                String what = program[0] + " " + engine.id();
                assertEquals(interp.cycles(), m.cycles(), what);
                assertEquals(interp.pc(), m.pc(), what);
                for (int r = 0; r < 32; r++) {
                    assertEquals(interp.register(r), m.register(r), what + " x" + r);
                }
                assertTrue(m.compiledRegionEntries() > 0, what + ": regions entered " + m.compiledRegionEntries());
                assertTrue(m.chainedRegionEntries() > 0, what + ": chained entries " + m.chainedRegionEntries());
                assertTrue(m.interpretedTraces() < m.compiledRegionEntries(),
                        what + ": interpreted " + m.interpretedTraces() + " vs compiled " + m.compiledRegionEntries());
            }
        }
    }

    @Test
    void hotCodeRunsCompiledUnderBothJitEngines() throws IOException {
        Machine interp = run("fib", Engine.INTERP, "27");
        assertEquals(0, interp.compiledRegionEntries());
        for (Engine engine : List.of(Engine.JIT, Engine.AUTO)) {
            Machine m = run("fib", engine, "27");
            assertEquals(interp.cycles(), m.cycles(), engine.id());
            assertTrue(m.compiledRegionEntries() > 0, engine.id() + ": regions entered " + m.compiledRegionEntries());
        }
    }
}
