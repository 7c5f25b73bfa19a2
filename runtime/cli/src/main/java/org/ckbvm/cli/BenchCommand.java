package org.ckbvm.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.ckbvm.elf.ElfLoader;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.syscall.BasicSyscalls;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench [--engine LIST] [--peer PATH] [PROGRAM...]}: per program, RISC-V instructions, cycles,
 * the median wall time of full runs after warm-up and MIPS for each engine, the speed of a cold
 * short run (about a million instructions, nothing translated yet), and the same program under
 * {@code qemu-riscv64} and as a native x86-64 build of the same C code where those are available,
 * with the ratios. Every in-process run is on a fresh machine; only {@code Machine.run} is timed.
 * With a CKB-VM runner as peer ({@link BenchPeer}): both as whole processes (interleaved runs),
 * the peer's run loop against our warm speed, and its first million instructions against our
 * cold short run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the engines on our benchmark programs (median of several runs after warm-up), "
                + "with a cold short-run figure and qemu-riscv64 / native x86-64 comparisons where available; "
                + "with --peer (or CKBVM_PEER) also CKB-VM itself, as whole processes and warm. "
                + "PROGRAM is a built-in name (fib, sieve, sha256, secp256k1, sort, blake2b) or an ELF path, "
                + "optionally followed by :ARG,ARG (the guest's argv); none = all built-ins.")
final class BenchCommand implements Callable<Integer> {

    /** Built-in benchmarks: ELF name under testvectors/elf and default argv. */
    static final Map<String, String> BUILTIN = new LinkedHashMap<>();

    static {
        BUILTIN.put("fib", "32");
        BUILTIN.put("sieve", "1000000");
        BUILTIN.put("sha256", "3000");
        BUILTIN.put("secp256k1", "40");
        BUILTIN.put("sort", "150000");
        BUILTIN.put("blake2b", "20000");
    }

    @Mixin
    MachineOptions machineOptions;

    @Option(names = "--engine", paramLabel = "LIST", defaultValue = "auto", split = ",", converter = Values.EngineName.class,
            description = "Engines to measure, a comma list of interp, jit, auto (default: ${DEFAULT-VALUE}).")
    List<String> engines;

    @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured runs first, at least (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "3",
            description = "Keep warming up until this much time has passed (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--runs", defaultValue = "5", description = "Measured runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--short-instructions", defaultValue = "1000000",
            description = "Instructions of the cold short run (default: ${DEFAULT-VALUE}).")
    long shortInstructions;

    @Option(names = "--testvectors", paramLabel = "DIR",
            description = "The testvectors folder the built-in programs are read from (default: ./testvectors, else the "
                    + "repository of runtime/target/ckbvm.jar); give it when running from elsewhere.")
    Path testvectors;

    @Option(names = "--no-qemu", description = "Do not run qemu-riscv64.")
    boolean noQemu;

    @Option(names = "--no-native", description = "Do not build and run native x86-64 versions.")
    boolean noNative;

    @Option(names = "--peer", paramLabel = "PATH",
            description = "A runner of CKB-VM's assembly machine (PATH [--max-cycles N] ELF [ARGS...] printing "
                    + "exit=<code> cycles=<n>), compared as whole processes and warm; default: $CKBVM_PEER.")
    Path peerPath;

    @Option(names = "--process-runs", defaultValue = "5",
            description = "Whole-process runs of each side with a peer, interleaved (default: ${DEFAULT-VALUE}).")
    int processRuns;

    @Option(names = "--snapshots",
            description = "Instead of programs: snapshot make / resume and state-root update times for 1, 64 and "
                    + "1024 dirty pages against memory size.")
    boolean snapshots;

    @Parameters(paramLabel = "PROGRAM", arity = "0..*",
            description = "fib, sieve, sha256, secp256k1, sort, or an ELF path; :ARG,ARG replaces its argv.")
    List<String> programs = new ArrayList<>();

    private record Program(String name, Path elf, List<String> args) {}

    record Figure(String engine, double medianMs, double mips, double shortMips, long shortInstructions,
                  double shortMs) {}

    private record Row(Program program, long instructions, long cycles, String result, List<Figure> figures,
                       Double qemuMs, Double nativeMs, BenchPeer.Figures peer) {}

    @Override
    public Integer call() throws Exception {
        Path tv = testvectors != null ? testvectors : locateTestvectors();
        if (snapshots) {
            return snapshotCosts(tv);
        }
        List<Program> list = new ArrayList<>();
        if (programs.isEmpty()) {
            BUILTIN.keySet().forEach(name -> list.add(program(name, tv)));
        } else {
            programs.forEach(spec -> list.add(program(spec, tv)));
        }
        Path nativeDir = noNative ? null : buildNative(tv);
        String qemu = noQemu ? null : onPath("qemu-riscv64");
        MachineConfig config = machineOptions.toConfig();
        System.out.println("machine: " + BenchPeer.load());
        BenchPeer peer = BenchPeer.locate(peerPath, tv, Math.max(1, processRuns));
        if (peer != null && !config.equals(MachineConfig.defaults())) {
            System.out.println("CKB-VM peer: not compared (it runs version 2, imc,b,mop, the ckb cost model, 4 MiB only)");
            peer = null;
        }
        if (peer != null) {
            System.out.println("whole process: " + peer.selfDescription() + " ELF ARGS");
        }
        System.out.println();
        List<Row> rows = new ArrayList<>();
        for (Program p : list) {
            byte[] elf = Files.readAllBytes(p.elf());
            List<byte[]> argv = new ArrayList<>();
            p.args().forEach(a -> argv.add(a.getBytes(StandardCharsets.UTF_8)));
            // the reference run: instruction and cycle counts, and the result every engine must give
            Machine ref = boot(config, Engine.INTERP, elf, argv);
            RunResult refResult = ref.run();
            long instructions = ref.instructionsRetired();
            long cycles = ref.cycles();
            long loadCycles = boot(config, Engine.INTERP, elf, argv).cycles();
            double cyclesPerInstruction = (double) (cycles - loadCycles) / Math.max(1, instructions);
            long shortLimit = loadCycles + (long) (shortInstructions * cyclesPerInstruction);
            List<Figure> figures = new ArrayList<>();
            for (String e : engines) {
                Engine engine = Engine.parse(e);
                figures.add(measure(config, engine, elf, argv, shortLimit, refResult, ref));
            }
            Double qemuMs = null;
            if (qemu != null) {
                // qemu-user runs only files with the executable bit: a private copy
                Path copy = Files.createTempFile("ckbvm-bench", "");
                Files.write(copy, elf);
                copy.toFile().setExecutable(true);
                List<String> cmd = new ArrayList<>(List.of(qemu, "-cpu", "rv64,zba=true,zbb=true,zbc=true,zbs=true",
                        copy.toString()));
                cmd.addAll(p.args());
                qemuMs = timeProcess(cmd);
                Files.deleteIfExists(copy);
            }
            Double nativeMs = null;
            if (nativeDir != null && Files.isExecutable(nativeDir.resolve(p.name()))) {
                List<String> cmd = new ArrayList<>(List.of(nativeDir.resolve(p.name()).toString()));
                cmd.addAll(p.args());
                nativeMs = timeProcess(cmd);
            }
            BenchPeer.Figures peerFigures = peer == null ? null : peer.measure(p.elf(), p.args(), shortLimit);
            Row row = new Row(p, instructions, cycles, RunOutcome.words(refResult), figures, qemuMs, nativeMs,
                    peerFigures);
            rows.add(row);
            print(row);
        }
        summary(rows);
        if (peer != null) {
            BenchReport.peerSummary(rows.stream().map(r -> new BenchReport.PeerRow(
                    r.program().name() + " " + String.join(" ", r.program().args()), r.instructions(),
                    r.figures().get(r.figures().size() - 1), r.peer())).toList());
        }
        System.out.println("machine: " + BenchPeer.load());
        return 0;
    }

    private Figure measure(MachineConfig config, Engine engine, byte[] elf, List<byte[]> argv, long shortLimit,
                           RunResult expected, Machine ref) throws InterruptedException {
        long instructions = ref.instructionsRetired();
        // full runs: warm-up (runs and time), then the measured runs
        Machine.discardSharedTranslations();
        long start = System.nanoTime();
        int done = 0;
        while (done < warmup || (System.nanoTime() - start) / 1e9 < warmupSeconds) {
            fullRun(config, engine, elf, argv, expected, ref);
            done++;
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            nanos[i] = fullRun(config, engine, elf, argv, expected, ref);
        }
        Arrays.sort(nanos);
        double median = nanos[runs / 2] / 1e6;
        // first run of code nothing of which is translated, in a warm JVM, with the shared
        // translations dropped before each run: after the full runs and unmeasured short ones,
        // once the compilers are idle, so that HotSpot has compiled this engine's run loop for
        // both translated and untranslated code, as a node's JVM would have it (measured first,
        // the short runs of a JIT engine timed its loop being compiled; measured right after the
        // full runs, a loop compiled for translated code only being recompiled)
        long[] shortNanos = new long[9];
        long shortDone = 0;
        for (int i = -5; i < shortNanos.length; i++) {
            if (i == -5 || i == 0) {
                BenchPeer.settle();
            }
            Machine.discardSharedTranslations();
            Machine m = boot(config, engine, elf, argv);
            m.setMaxCycles(shortLimit);
            long t0 = System.nanoTime();
            m.run();
            if (i >= 0) {
                shortNanos[i] = System.nanoTime() - t0;
                shortDone = m.instructionsRetired();
            }
        }
        Arrays.sort(shortNanos);
        double shortMips = shortDone / (shortNanos[shortNanos.length / 2] / 1e3);
        return new Figure(engine.id(), median, instructions / (median * 1e3), shortMips, shortDone,
                shortNanos[shortNanos.length / 2] / 1e6);
    }

    private long fullRun(MachineConfig config, Engine engine, byte[] elf, List<byte[]> argv, RunResult expected,
                         Machine ref) {
        Machine m = boot(config, engine, elf, argv);
        long t0 = System.nanoTime();
        RunResult r = m.run();
        long t = System.nanoTime() - t0;
        if (!r.equals(expected) || m.cycles() != ref.cycles() || m.pc() != ref.pc()
                || m.instructionsRetired() != ref.instructionsRetired()) {
            throw new IllegalStateException("engine " + engine.id() + " differs from the interpreter: "
                    + RunOutcome.words(r) + " after " + m.cycles() + " cycles, the interpreter "
                    + RunOutcome.words(expected) + " after " + ref.cycles() + " cycles");
        }
        return t;
    }

    /**
     * For each memory size and dirty-page count: after a program has loaded, N pages are written,
     * then timed (median of 9): the state-root update, making a v2 snapshot and encoding it, and
     * decoding and resuming it on a fresh machine (which re-checks the state root).
     */
    private int snapshotCosts(Path tv) throws Exception {
        Path program = tv.resolve("elf").resolve("always_success");
        byte[] elf = Files.readAllBytes(Files.isRegularFile(program) ? program : BundledPrograms.file("always_success"));
        System.out.println("| memory | dirty pages | state-root update ms | make v2 snapshot ms | snapshot bytes "
                + "| resume ms |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (long memory : new long[] {4L << 20, 64L << 20, 256L << 20}) {
            for (int dirty : new int[] {1, 64, 1024}) {
                MachineConfig config = machineOptions.toConfig().withMemorySize(memory);
                org.ckbvm.source.InMemoryDataSource blobs = new org.ckbvm.source.InMemoryDataSource();
                org.ckbvm.plugin.api.SourceId id = blobs.add(elf);
                org.ckbvm.snapshot.SuspendableMachine sm = org.ckbvm.snapshot.SuspendableMachine.boot(config, blobs,
                        id, List.of(), List.of(), m -> { }, List.of());
                org.ckbvm.memory.Memory mem = sm.machine().memory();
                List<Long> pages = new ArrayList<>();
                for (long page = mem.pageCount() - 1; page >= 0 && pages.size() < dirty; page--) {
                    if ((mem.flag(page) & org.ckbvm.memory.Memory.FLAG_EXECUTABLE) == 0) {
                        pages.add(page);
                    }
                }
                sm.stateRoot();
                int reps = 9;
                long[] root = new long[reps];
                long[] make = new long[reps];
                long[] resume = new long[reps];
                int size = 0;
                for (int r = 0; r < reps; r++) {
                    for (long page : pages) {
                        mem.store64(page << org.ckbvm.memory.Memory.PAGE_SHIFT, page * 31 + r);
                    }
                    long t0 = System.nanoTime();
                    sm.stateRoot();
                    long t1 = System.nanoTime();
                    byte[] bytes = org.ckbvm.snapshot.SnapshotCodec.encode(sm.snapshot(org.ckbvm.snapshot.Snapshot.Kind.V2));
                    long t2 = System.nanoTime();
                    org.ckbvm.snapshot.SuspendableMachine.resume(org.ckbvm.snapshot.SnapshotCodec.decode(bytes), blobs,
                            config, m -> { }, List.of());
                    long t3 = System.nanoTime();
                    root[r] = t1 - t0;
                    make[r] = t2 - t1;
                    resume[r] = t3 - t2;
                    size = bytes.length;
                }
                Arrays.sort(root);
                Arrays.sort(make);
                Arrays.sort(resume);
                System.out.printf(Locale.ROOT, "| %d MiB | %d | %.3f | %.3f | %,d | %.3f |%n", memory >> 20,
                        pages.size(), root[reps / 2] / 1e6, make[reps / 2] / 1e6, size, resume[reps / 2] / 1e6);
            }
        }
        return 0;
    }

    private static Machine boot(MachineConfig config, Engine engine, byte[] elf, List<byte[]> argv) {
        Machine m = new Machine(config).setEngine(engine).addSyscalls(new BasicSyscalls(s -> { }, 0));
        ElfLoader.boot(m, elf, argv);
        return m;
    }

    private void print(Row row) {
        Program p = row.program();
        System.out.printf(Locale.ROOT, "%s %s  (%s)%n", p.name(), String.join(" ", p.args()), p.elf());
        System.out.printf(Locale.ROOT, "  %s, %,d instructions, %,d cycles%n", row.result(), row.instructions(),
                row.cycles());
        for (Figure f : row.figures()) {
            System.out.printf(Locale.ROOT, "  %-6s full run %9.2f ms (median of %d after warm-up) %8.1f MIPS;"
                    + " cold short run (%,d instructions) %8.1f MIPS%n",
                    f.engine(), f.medianMs(), runs, f.mips(), f.shortInstructions(), f.shortMips());
        }
        if (row.qemuMs() != null) {
            System.out.printf(Locale.ROOT, "  qemu-riscv64     %9.2f ms (median process time) %8.1f MIPS-equivalent%n",
                    row.qemuMs(), row.instructions() / (row.qemuMs() * 1e3));
        }
        if (row.nativeMs() != null) {
            System.out.printf(Locale.ROOT, "  native gcc -O2   %9.2f ms (median process time) %8.1f MIPS-equivalent%n",
                    row.nativeMs(), row.instructions() / (row.nativeMs() * 1e3));
        }
        if (row.peer() != null) {
            BenchReport.peerWords(row.peer(), row.instructions(), row.cycles(), row.figures().get(row.figures().size() - 1));
        }
        for (Figure f : row.figures()) {
            StringBuilder sb = new StringBuilder();
            if (row.qemuMs() != null) {
                sb.append(String.format(Locale.ROOT, " %.2fx qemu's speed", row.qemuMs() / f.medianMs()));
            }
            if (row.nativeMs() != null) {
                sb.append(String.format(Locale.ROOT, " %.3fx native speed (native is %.1fx faster)",
                        row.nativeMs() / f.medianMs(), f.medianMs() / row.nativeMs()));
            }
            if (sb.length() > 0) {
                System.out.printf(Locale.ROOT, "  %-6s:%s%n", f.engine(), sb);
            }
        }
        System.out.println();
    }

    private void summary(List<Row> rows) {
        StringBuilder header = new StringBuilder("| program | instructions |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (String e : engines) {
            header.append(' ').append(e).append(" MIPS | ").append(e).append(" cold 1M MIPS |");
            rule.append("---:|---:|");
        }
        header.append(" qemu MIPS | native MIPS |");
        rule.append("---:|---:|");
        String last = engines.get(engines.size() - 1);
        header.append(' ').append(last).append("/qemu | ").append(last).append("/native |");
        rule.append("---:|---:|");
        System.out.println(header);
        System.out.println(rule);
        for (Row row : rows) {
            StringBuilder sb = new StringBuilder();
            sb.append("| ").append(row.program().name()).append(' ').append(String.join(" ", row.program().args()))
                    .append(String.format(Locale.ROOT, " | %,d |", row.instructions()));
            for (Figure f : row.figures()) {
                sb.append(String.format(Locale.ROOT, " %.0f | %.0f |", f.mips(), f.shortMips()));
            }
            Double q = row.qemuMs();
            Double n = row.nativeMs();
            sb.append(q == null ? " - |" : String.format(Locale.ROOT, " %.0f |", row.instructions() / (q * 1e3)));
            sb.append(n == null ? " - |" : String.format(Locale.ROOT, " %.0f |", row.instructions() / (n * 1e3)));
            Figure f = row.figures().get(row.figures().size() - 1);
            sb.append(q == null ? " - |" : String.format(Locale.ROOT, " %.2f |", q / f.medianMs()));
            sb.append(n == null ? " - |" : String.format(Locale.ROOT, " %.3f |", n / f.medianMs()));
            System.out.println(sb);
        }
    }

    private static Program program(String spec, Path tv) {
        String name = spec;
        List<String> args = null;
        int colon = spec.lastIndexOf(':');
        if (colon > 0) {
            name = spec.substring(0, colon);
            args = List.of(spec.substring(colon + 1).split(","));
        }
        if (BUILTIN.containsKey(name)) {
            Path elf = tv.resolve("elf").resolve(name);
            if (!Files.isRegularFile(elf)) {
                elf = BundledPrograms.file(name);
            }
            return new Program(name, elf, args != null ? args : List.of(BUILTIN.get(name).split(",")));
        }
        Path elf = Paths.get(name);
        return new Program(elf.getFileName().toString(), elf, args != null ? args : List.of());
    }

    private static Path locateTestvectors() {
        Path here = Paths.get("testvectors");
        if (Files.isDirectory(here)) {
            return here;
        }
        // the repository the jar was built in: runtime/target/ckbvm.jar, or the distribution's
        // runtime/cli/target/ckbvm-<version>/lib/ckbvm.jar
        try {
            Path jar = Paths.get(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("testvectors").resolve("elf"))) {
                    return dir.resolve("testvectors");
                }
            }
        } catch (Exception ignored) {
            // fall through: the built-in programs come from the jar (BundledPrograms)
        }
        return here;
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Paths.get(dir, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Builds the native versions with testvectors/native/build.sh into a temp dir, if gcc is there. */
    private static Path buildNative(Path tv) {
        Path script = tv.resolve("native").resolve("build.sh");
        if (onPath("gcc") == null || !Files.isRegularFile(script)) {
            return null;
        }
        try {
            Path out = Files.createTempDirectory("ckbvm-native");
            BundledPrograms.deleteAtExit(out);
            Process p = new ProcessBuilder("bash", script.toString(), out.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** Median wall time of running the command (5 times, after one warm-up), or null if it fails. */
    private static Double timeProcess(List<String> cmd) {
        try {
            long[] nanos = new long[5];
            for (int i = -1; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return null;
                }
                long t = System.nanoTime() - t0;
                if (i >= 0) {
                    nanos[i] = t;
                }
            }
            Arrays.sort(nanos);
            return nanos[nanos.length / 2] / 1e6;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
