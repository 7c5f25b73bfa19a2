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
