package org.ckbvm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.ckbvm.elf.ElfLoader;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.RunResult;
import org.ckbvm.syscall.BasicSyscalls;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench [--warmup N] [--runs N] ELF [ARGS...]}: runs a program repeatedly on fresh machines
 * and prints RISC-V instructions, cycles, the median wall time after warm-up, and MIPS.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the interpreter's speed on one program (median of several runs after warm-up).")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    MachineOptions machineOptions;

    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "10", description = "Measured runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Parameters(index = "0", paramLabel = "ELF")
    Path elf;

    @Parameters(index = "1..*", paramLabel = "ARGS")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        byte[] program = Files.readAllBytes(elf);
        List<byte[]> argv = new ArrayList<>();
        for (String arg : args) {
            argv.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        long[] nanos = new long[runs];
        Machine last = null;
        RunResult lastResult = null;
        for (int i = 0; i < warmup + runs; i++) {
            Machine machine = new Machine(machineOptions.toConfig()).addSyscalls(new BasicSyscalls(m -> { }, 0));
            ElfLoader.boot(machine, program, argv);
            long t0 = System.nanoTime();
            RunResult result = machine.run();
            long t1 = System.nanoTime();
            if (i >= warmup) {
                nanos[i - warmup] = t1 - t0;
            }
            last = machine;
            lastResult = result;
        }
        Arrays.sort(nanos);
        long median = nanos[runs / 2];
        long instructions = last.instructionsRetired();
        double mips = instructions / (median / 1e3);
        System.out.printf("program:      %s%n", elf.getFileName());
        System.out.printf("result:       %s%n", lastResult);
        System.out.printf("instructions: %d%n", instructions);
        System.out.printf("cycles:       %d%n", last.cycles());
        System.out.printf("wall (median of %d after %d warm-up): %.3f ms%n", runs, warmup, median / 1e6);
        System.out.printf("speed:        %.1f million RISC-V instructions per second%n", mips);
        return 0;
    }
}
