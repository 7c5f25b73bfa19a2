package org.ckbvm.cli;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The side-by-side part of {@code bench}: CKB-VM itself as the peer (a runner with the interface
 * of CKB-VM's example runner built on its assembly machine: {@code PEER [--max-cycles N] ELF
 * [ARGS...]}, printing one line {@code exit=<code> cycles=<n>} or {@code error=<Debug>
 * cycles=<n>}), and whole-process timings of this runtime's own command line.
 *
 * <p>Every timing here is of whole processes, taken as interleaved runs (ours, the peer's, ours,
 * ...) so that both sides see the same machine load, and summarised by the median. The peer's
 * run-loop time is its process time minus the process time of a program that does nothing
 * ({@code exit0}): the assembly machine starts in a millisecond or two, so this is close to the
 * time of its run loop alone.
 */
final class BenchPeer {
    private static final Pattern PEER_OUTPUT = Pattern.compile("(?:exit=(-?\\d+)|error=(\\S+)) cycles=(\\d+)");
    private static final Pattern OUR_CYCLES = Pattern.compile("cycles\"?\\s*[:=]\\s*(\\d+)");

    /** One process run: its wall time and what it printed. */
    record Timed(double ms, String output, int status) {}

    /** What the peer printed: its exit code (null on an error), error name (or null) and cycles. */
    record PeerResult(Integer exitCode, String error, long cycles) {
        static PeerResult parse(String output) {
            Matcher m = PEER_OUTPUT.matcher(output);
            if (!m.find()) {
                return null;
            }
            return new PeerResult(m.group(1) == null ? null : Integer.valueOf(m.group(1)), m.group(2),
                    Long.parseLong(m.group(3)));
        }

        @Override
        public String toString() {
            return (exitCode != null ? "exit=" + exitCode : "error=" + error) + " cycles=" + cycles;
        }
    }

    /** The figures of one program: medians in ms; null where not measured. */
    record Figures(PeerResult peerResult, Double peerProcessMs, Double peerStartMs, Double ourProcessMs,
                   Long ourProcessCycles, Double peerShortMs, Double peerShortStartMs, int runs) {
        /** The peer's run loop alone: process time minus its start; null if that is lost in the noise. */
        Double peerLoopMs() {
            return difference(peerProcessMs, peerStartMs);
        }

        /** The peer's run loop for the first million or so instructions, or null (see {@link #peerLoopMs}). */
        Double peerShortLoopMs() {
            return difference(peerShortMs, peerShortStartMs);
        }

        private static Double difference(Double total, Double start) {
            return total == null || start == null || total - start <= 0.05 * start ? null : total - start;
        }
    }

    private final Path peer;
    private final List<String> self;
    private final Path idle;
    private final int runs;

    private BenchPeer(Path peer, List<String> self, Path idle, int runs) {
        this.peer = peer;
        this.self = self;
        this.idle = idle;
        this.runs = runs;
    }

    /**
     * The peer named by {@code --peer} or, without it, by the environment variable
     * {@code CKBVM_PEER}; null (and a line saying so) if neither names an executable file.
     */
    static BenchPeer locate(Path option, Path testvectors, int runs) {
        String env = System.getenv("CKBVM_PEER");
        Path path = option != null ? option : env != null && !env.isBlank() ? Path.of(env) : null;
        if (path == null) {
            System.out.println("CKB-VM peer: none (give --peer PATH or set CKBVM_PEER to a runner of CKB-VM's "
                    + "assembly machine to compare with it)");
            return null;
        }
        if (!Files.isExecutable(path)) {
            System.out.println("CKB-VM peer: " + path + " is not an executable file; comparing without it");
            return null;
        }
        System.out.println("CKB-VM peer: " + path);
        return new BenchPeer(path, selfCommand(), testvectors.resolve("elf").resolve("exit0"), runs);
    }

    /**
     * How this runtime is started as a process: the launcher that started this JVM
     * ({@code bin/ckbvm} passes its path as {@code ckbvm.launcher}), else this JVM's own java,
     * options and class path.
     */
    static List<String> selfCommand() {
        String launcher = System.getProperty("ckbvm.launcher");
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            return List.of(launcher);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CkbVmCommand.class.getName());
        return cmd;
    }

    /** The command line that runs this runtime as a process ({@code run ELF ARGS}). */
    String selfDescription() {
        return String.join(" ", self) + " run";
    }

    /**
     * Runs the program as whole processes, interleaved: the peer, ours, and the peer on an empty
     * program (its start), {@code runs} times each; then the peer stopped at {@code shortLimit}
     * cycles (its time for the first million or so instructions).
     */
    Figures measure(Path elf, List<String> args, long shortLimit) throws IOException, InterruptedException {
        List<String> peerCmd = new ArrayList<>(List.of(peer.toString(), elf.toString()));
        peerCmd.addAll(args);
        List<String> startCmd = List.of(peer.toString(), idle.toString());
        List<String> shortCmd = new ArrayList<>(List.of(peer.toString(), "--max-cycles", Long.toString(shortLimit),
                elf.toString()));
        shortCmd.addAll(args);
        List<String> ourCmd = new ArrayList<>(self);
        ourCmd.add("run");
        ourCmd.add(elf.toString());
        ourCmd.addAll(args);

        settle();
        // one unmeasured round warms the file cache and the peer's binary
        PeerResult result = PeerResult.parse(time(peerCmd).output());
        time(startCmd);
        double[] peerMs = new double[runs];
        double[] startMs = new double[runs];
        double[] ourMs = new double[runs];
        // the first million instructions take the peer about as long as its start: more samples
        double[] shortMs = new double[Math.max(runs, 15)];
        double[] shortStartMs = new double[shortMs.length];
        Long ourCycles = null;
        boolean ourFailed = false;
        for (int i = 0; i < runs; i++) {
            peerMs[i] = time(peerCmd).ms();
            if (!ourFailed) {
                Timed ours = time(ourCmd);
                ourMs[i] = ours.ms();
                Matcher m = OUR_CYCLES.matcher(ours.output());
                if (m.find()) {
                    ourCycles = Long.parseLong(m.group(1));
                } else {
                    ourFailed = true;
                    String out = ours.output().strip();
                    System.out.println("  ckbvm as a process failed (status " + ours.status() + "): "
                            + (out.length() > 300 ? out.substring(0, 300) + "..." : out));
                }
            }
            startMs[i] = time(startCmd).ms();
        }
        for (int i = 0; i < shortMs.length; i++) {
            shortStartMs[i] = time(startCmd).ms();
            shortMs[i] = time(shortCmd).ms();
        }
        return new Figures(result, median(peerMs), median(startMs), ourFailed ? null : median(ourMs), ourCycles,
                median(shortMs), median(shortStartMs), runs);
    }

    /**
     * Waits (at most 5 s) until this JVM's JIT compilers have finished what the in-process runs
     * just before gave them (no compilation finished for 300 ms): the processes timed next should
     * not share the machine with the measuring process's own compiler threads, which slow ours
     * (a JVM with a compiler thread of its own) more than the peer's single thread.
     */
    static void settle() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long last = jit.getTotalCompilationTime();
        for (int quiet = 0; quiet < 3 && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
            long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    private static Timed time(List<String> cmd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        return new Timed(ms, new String(out, StandardCharsets.UTF_8), p.exitValue());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The machine's load average now (Linux), for the record of a measurement. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.format(Locale.ROOT, "load average %s %s %s on %d CPUs", f[0], f[1], f[2],
                    Runtime.getRuntime().availableProcessors());
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors() + " CPUs (load unknown)";
        }
    }
}
