package org.ckbvm.vectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Produces the vectors from {@code testvectors/programs/expectations.json}: for every entry a
 * one-shot vector (the entry's own limit, continued to the end if it stops there), and for every
 * entry without a limit that runs at least one trace a split vector whose budgets stop at awkward
 * places, found by scanning the entry's run trace by trace:
 * <ul>
 *   <li>one cycle short of, and exactly at, the trace of the first syscall that returns;</li>
 *   <li>one cycle short of, and exactly at, the first trace holding a fused group;</li>
 *   <li>exactly at a pc whose code does not decode from memory (a decode error, or a V0/V1
 *       trace alias that only a warm trace cache resolves);</li>
 *   <li>half way (many dirty pages for the large programs);</li>
 *   <li>one cycle short of completion, and exactly the cycles of completion.</li>
 * </ul>
 * Deterministic: entries in file order, vectors grouped into one file per program
 * ({@code <program>.json}), files in name order, no clocks, no hash-map iteration.
 */
public final class VectorGenerator {
    /** Cycle limit for "no limit" while generating: far above every program (sieve 10^6: 2.9e7). */
    static final long CAP = 1L << 28;
    /** How many traces the scan steps through looking for the first syscall and fused group. */
    static final int SCAN_TRACES = 4096;
    static final String SPLIT_SUFFIX = "@split";


    private VectorGenerator() {}

    /** file name to content for every vector file, from the {@code testvectors/} folder {@code root}. */
    public static SortedMap<String, String> generate(Path root) throws IOException {
        JsonNode entries = new ObjectMapper().readTree(root.resolve("programs").resolve("expectations.json").toFile());
        Map<String, List<Vector>> byProgram = new LinkedHashMap<>();
        Map<String, byte[]> files = new TreeMap<>();
        for (JsonNode entry : entries) {
            Case c = Case.of(entry, root, files);
            byProgram.computeIfAbsent(fileName(c.spec().program().path()), k -> new ArrayList<>()).addAll(vectors(c));
        }
        SortedMap<String, String> out = new TreeMap<>();
        byProgram.forEach((file, vectors) -> out.put(file, VectorJson.write(vectors)));
        return out;
    }

    /** Writes {@code files} into {@code dir} and deletes vector files that are no longer generated. */
    public static void write(Path dir, SortedMap<String, String> files) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : old) {
                String name = p.getFileName().toString();
                if (!name.equals(VectorChecker.SCHEMA_FILE) && !files.containsKey(name)) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }

    static String fileName(String programPath) {
        return programPath.substring(programPath.lastIndexOf('/') + 1) + ".json";
    }

    /** One expectations entry: its spec, its own cycle limit, and the machine inputs. */
    private record Case(VectorSpec spec, Long maxCycles, Replay.Inputs inputs) {
        static Case of(JsonNode e, Path root, Map<String, byte[]> files) {
            InMemoryDataSource blobs = new InMemoryDataSource();
            BlobRef program = BlobRef.of(e.get("elf").asText(), root, files);
            SourceId programId = blobs.add(files.get(program.path()));
            List<BlobRef> sources = new ArrayList<>();
            List<SourceId> sourceIds = new ArrayList<>();
            for (JsonNode s : e.path("sources")) {
                BlobRef ref = BlobRef.of(s.asText(), root, files);
                sources.add(ref);
                sourceIds.add(blobs.add(files.get(ref.path())));
            }
            List<String> args = new ArrayList<>();
            e.path("args").forEach(a -> args.add(a.asText()));
            long memory = e.path("memory_size").isNumber() ? e.get("memory_size").asLong() : Memory.DEFAULT_SIZE;
            MachineConfig config = new MachineConfig(e.get("version").asInt(), IsaFlags.parse(e.get("isa").asText()),
                    CostModel.parse(e.get("cost_model").asText()), memory);
            VectorSpec spec = new VectorSpec(e.get("name").asText(), e.path("why").asText(), program, sources, config,
                    args);
            Long max = e.path("max_cycles").isNumber() ? e.get("max_cycles").asLong() : null;
            return new Case(spec, max, new Replay.Inputs(config, blobs, programId, sourceIds, Replay.Inputs.utf8(args)));
        }
    }

    private static List<Vector> vectors(Case c) {
        Scan scan = Scan.of(c.inputs());
        List<Vector> out = new ArrayList<>();
        // one-shot: the entry's own limit (or none); if that limit stops it, go on to the end
        List<Long> budgets = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        budgets.add(c.maxCycles());
        notes.add(c.maxCycles() == null ? null : "the entry's cycle limit");
        Vector oneShot = record(c.spec(), c.inputs(), budgets, notes);
        if (oneShot.fin().status() == Outcome.Status.CYCLES_EXCEEDED) {
            budgets.add(scan.terminates() ? null : 2 * c.maxCycles());
            notes.add(scan.terminates() ? "no limit: resume and run to the end" : "twice the first limit: still looping");
            oneShot = record(c.spec(), c.inputs(), budgets, notes);
        }
        out.add(oneShot);
        if (c.maxCycles() == null && scan.loaded() && scan.terminates() && scan.total() > scan.loadCycles()) {
            TreeMap<Long, String> points = scan.budgets();
            VectorSpec spec = new VectorSpec(c.spec().name() + SPLIT_SUFFIX,
                    c.spec().description() + " (split at awkward budgets)", c.spec().program(), c.spec().sources(),
                    c.spec().config(), c.spec().args());
            Vector split = record(spec, c.inputs(), new ArrayList<>(points.keySet()), new ArrayList<>(points.values()));
            if (split.fin().status() == Outcome.Status.CYCLES_EXCEEDED) {
                // a resumed machine can take longer than an uninterrupted one (V0/V1 trace aliasing
                // needs a warm trace cache); finish it without a limit
                List<Long> b = new ArrayList<>(points.keySet());
                List<String> n = new ArrayList<>(points.values());
                b.add(null);
                n.add("no limit: run to the end");
                split = record(spec, c.inputs(), b, n);
            }
            out.add(split);
        }
        return out;
    }

    /** Replays the schedule on the reference machine and records what it sees. */
    private static Vector record(VectorSpec spec, Replay.Inputs inputs, List<Long> budgets, List<String> notes) {
        long[] limits = new long[budgets.size()];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = budgets.get(i) == null ? CAP : budgets.get(i);
        }
        Replay.Observation seen;
        try {
            seen = Replay.run(ExecutionTarget.REFERENCE, inputs, limits);
        } catch (Replay.ReplayException e) {
            throw new IllegalStateException(spec.name() + ": " + e.getMessage(), e);
        }
        if (seen.load().status() == Outcome.Status.ERROR) {
            return new Vector(spec, seen.load(), List.of(), seen.load()); // nothing to run
        }
        // budgets past the end of the run are dropped (a syscall that charges and then fails can
        // end the run below a budget the scan put after it)
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < seen.segments().size(); i++) {
            Outcome o = seen.segments().get(i);
            if (budgets.get(i) == null && o.status() == Outcome.Status.CYCLES_EXCEEDED) {
                throw new IllegalStateException(spec.name() + ": does not end within " + CAP + " cycles");
            }
            segments.add(new Segment(budgets.get(i), notes.get(i), o));
        }
        Outcome last = segments.isEmpty() ? seen.load() : segments.get(segments.size() - 1).expect();
        return new Vector(spec, seen.load(), segments, last.withoutSnapshot());
    }

    /**
     * The uninterrupted run of an entry, stepped trace by trace (with {@link TraceProbe} setting
     * each step's limit) through its first {@link #SCAN_TRACES} traces, then run to the end.
     */
    private record Scan(boolean loaded, long loadCycles, long total, boolean terminates, TreeMap<Long, String> points) {

        static Scan of(Replay.Inputs in) {
            SuspendableMachine sm;
            try {
                sm = ExecutionTarget.REFERENCE.boot(in.config(), in.blobs(), in.program(), in.sources(), in.args());
            } catch (VmException e) {
                return new Scan(false, 0, 0, true, new TreeMap<>());
            }
            Machine m = sm.machine();
            long c0 = m.cycles();
            TreeMap<Long, String> points = new TreeMap<>();
            boolean syscall = false;
            boolean fused = false;
            RunResult result = null;
            for (int step = 0; step < SCAN_TRACES && !(syscall && fused); step++) {
                TraceProbe trace = TraceProbe.at(m);
                if (trace == null) {
                    // the next trace does not decode from memory: a decode error follows, or, on
                    // V0/V1, a cached trace aliases this pc (warm cache only: a resumed machine
                    // starts cold, as CKB-VM's does)
                    note(points, m.cycles(), "stopped at a pc whose code does not decode (decode error, or V0/V1 trace aliasing)");
                    break;
                }
                long start = m.cycles();
                long end = start + trace.cycles();
                RunResult r = sm.run(end);
                if (!(r instanceof RunResult.CyclesExceeded)) {
                    result = r; // the run ended inside this step (exit, or an error)
                    break;
                }
                if (m.cycles() == start) {
                    break; // mispredicted: stop stepping, the run goes on below
                }
                if (trace.ecall() && !syscall) {
                    syscall = true;
                    note(points, end - 1, "one cycle short of the first syscall's trace");
                    note(points, end, "exactly the first syscall's trace (and what the syscall charges)");
                }
                if (trace.fused() && !fused) {
                    fused = true;
                    note(points, end - 1, "one cycle short of the first trace with a fused group");
                    note(points, end, "exactly through the first trace with a fused group");
                }
            }
            if (result == null) {
                result = sm.run(CAP);
            }
            long total = m.cycles();
            boolean terminates = !(result instanceof RunResult.CyclesExceeded);
            return new Scan(true, c0, total, terminates, points);
        }

        /** The split budgets: the scanned points, half way, and around completion, within [load, end]. */
        TreeMap<Long, String> budgets() {
            TreeMap<Long, String> b = new TreeMap<>();
            points.forEach((k, v) -> {
                if (k >= loadCycles && k <= total) {
                    note(b, k, v);
                }
            });
            note(b, loadCycles + (total - loadCycles) / 2, "half way");
            note(b, total - 1, "one cycle short of the end");
            note(b, total, "exactly the cycles of the end");
            return b;
        }

        private static void note(TreeMap<Long, String> points, long budget, String why) {
            points.merge(budget, why, (a, b) -> a + "; " + b);
        }
    }
}
