package org.ckbvm.vectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.scheduler.ScriptEnvironment;
import org.ckbvm.source.InMemoryDataSource;

/**
 * Replays vectors and compares every observation with what they expect. The files are read
 * from a {@code vectors/} folder whose parent is the {@code testvectors/} folder that the
 * program and source paths are relative to.
 *
 * <p>A segment with no limit is run under {@code 2 * expected cycles + 1_000_000}: a machine
 * that loops where the vector says it ends fails instead of hanging the checker.
 */
public final class VectorChecker {
    /** The schema lives beside the vectors and is not itself a vector file. */
    public static final String SCHEMA_FILE = "schema.json";

    private static final HexFormat HEX = HexFormat.of();

    private final ExecutionTarget target;
    private final SchedulerTarget scheduler;

    /** Checks single-VM vectors on {@code target} and multi-VM vectors on the reference scheduler. */
    public VectorChecker(ExecutionTarget target) {
        this(target, SchedulerTarget.REFERENCE);
    }

    public VectorChecker(ExecutionTarget target, SchedulerTarget scheduler) {
        this.target = target;
        this.scheduler = scheduler;
    }

    /** One vector's verdict; {@code detail} says what differed first. */
    public record Result(String name, boolean passed, String detail) {
        public String line() {
            return passed ? "PASS " + name : "FAIL " + name + ": " + detail;
        }
    }

    /** All verdicts of a run, in file then vector order. */
    public record Report(List<Result> results) {
        public Report {
            results = List.copyOf(results);
        }

        public long passed() {
            return results.stream().filter(Result::passed).count();
        }

        public long failed() {
            return results.size() - passed();
        }

        /** The checker's last line, exactly {@code N passed, M failed}. */
        public String summary() {
            return passed() + " passed, " + failed() + " failed";
        }
    }

    /** The vector files of {@code dir} ({@code *.json} but the schema), by name. */
    public static List<Path> files(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : stream) {
                if (!p.getFileName().toString().equals(SCHEMA_FILE)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    /** The multi-VM vector files of {@code dir/spawn} ({@code *.json}), by name; none if there is no such folder. */
    public static List<Path> spawnFiles(Path dir) throws IOException {
        Path sub = dir.resolve(SpawnVectorGenerator.DIR);
        return Files.isDirectory(sub) ? files(sub) : List.of();
    }

    /**
     * Checks every vector of every file in {@code dir} (single-VM vectors) and then of
     * {@code dir/spawn} (multi-VM vectors), reporting each as it finishes.
     */
    public Report verify(Path dir, java.util.function.Consumer<Result> progress) throws IOException {
        Path root = dir.toAbsolutePath().normalize().getParent();
        Blobs blobs = new Blobs(root);
        List<Result> results = new ArrayList<>();
        java.util.function.Consumer<Result> report = r -> {
            results.add(r);
            progress.accept(r);
        };
        for (Path file : spawnFiles(dir)) {
            List<SpawnVector> vectors;
            try {
                vectors = SpawnVectorJson.read(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                report.accept(unreadable(SpawnVectorGenerator.DIR + "/" + file.getFileName(), e));
                continue;
            }
            vectors.forEach(v -> report.accept(check(v, blobs)));
        }
        for (Path file : files(dir)) {
            List<Vector> vectors;
            try {
                vectors = VectorJson.read(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                report.accept(unreadable(file.getFileName().toString(), e));
                continue;
            }
            vectors.forEach(v -> report.accept(check(v, blobs)));
        }
        return new Report(results);
    }

    private static Result unreadable(String file, Exception e) {
        return new Result(file, false, "unreadable: " + e.getMessage());
    }

    /** Checks one vector against files under the {@code testvectors/} folder {@code root}. */
    public Result check(Vector v, Path root) {
        return check(v, new Blobs(root));
    }

    /** Checks one multi-VM vector against files under the {@code testvectors/} folder {@code root}. */
    public Result check(SpawnVector v, Path root) {
        return check(v, new Blobs(root));
    }

    private Result check(SpawnVector v, Blobs files) {
        return result(v.name(), shape(v), "the scheduler", () -> checkOrExplain(v, files.load(v.spec())));
    }

    private Result check(Vector v, Blobs files) {
        return result(v.name(), shape(v), "the machine", () -> checkOrExplain(v, files.load(v.spec())));
    }

    /** A replay of a vector whose files are loaded: what differs, or null. */
    private interface Replayed {
        String firstDifference() throws IOException;
    }

    /**
     * The result of checking a vector: malformed if it has a {@code shape} problem, else what
     * the replay finds, a file that cannot be read or does not match its hash, or a runner (the
     * machine, the scheduler) that throws instead of reporting an error. None stops the others.
     */
    private static Result result(String name, String shape, String runner, Replayed replay) {
        if (shape != null) {
            return new Result(name, false, "malformed vector: " + shape);
        }
        try {
            String problem = replay.firstDifference();
            return new Result(name, problem == null, problem);
        } catch (IOException e) {
            return new Result(name, false, e.getMessage());
        } catch (RuntimeException e) {
            return new Result(name, false, runner + " threw " + e);
        }
    }

    private String checkOrExplain(SpawnVector v, Loaded loaded) {
        ScriptEnvironment env = ScriptEnvironment.of(v.spec().config(), loaded.blobs(), loaded.program(), loaded.sources())
                .withRootArgs(Replay.Inputs.utf8(v.spec().args()));
        List<SpawnVector.Step> segs = v.segments();
        List<ScriptObservation> seen;
        try {
            seen = ScriptReplay.run(scheduler, env,
                    budgets(segs.size(), i -> segs.get(i).maxCycles(), i -> segs.get(i).expect().cycles()));
        } catch (Replay.ReplayException e) {
            return e.getMessage();
        }
        return firstSegmentDifference(segs.size(), seen.size(), i -> segs.get(i).maxCycles(),
                i -> segs.get(i).expect().firstDifference(seen.get(i)));
    }

    /**
     * The limits to replay the segments with: each segment's {@code max_cycles}, or where it has
     * none (the last segment of a run to its end) twice its expected cycles and a million more,
     * so that a machine that runs on does not run forever.
     */
    private static long[] budgets(int segments, IntFunction<Long> maxCycles, IntToLongFunction expectedCycles) {
        long[] budgets = new long[segments];
        for (int i = 0; i < segments; i++) {
            Long max = maxCycles.apply(i);
            budgets[i] = max != null ? max : 2 * expectedCycles.applyAsLong(i) + 1_000_000;
        }
        return budgets;
    }

    /**
     * The first expected segment the replay disagrees with ({@code differenceAt(i)}, null when
     * segment i agrees), or that it never reached; null if every one agrees.
     */
    private static String firstSegmentDifference(int expected, int seen, IntFunction<Long> maxCycles,
            IntFunction<String> differenceAt) {
        for (int i = 0; i < expected; i++) {
            if (i >= seen) {
                return "segment " + (i + 1) + ": the run already ended";
            }
            String diff = differenceAt.apply(i);
            if (diff != null) {
                return "segment " + (i + 1) + " (max_cycles " + maxCycles.apply(i) + "): " + diff;
            }
        }
        return null;
    }

    /** The rules of a multi-VM vector the schema cannot say. */
    private static String shape(SpawnVector v) {
        List<SpawnVector.Step> segs = v.segments();
        if (segs.isEmpty()) {
            return "no segments";
        }
        for (int i = 0; i < segs.size(); i++) {
            ScriptObservation o = segs.get(i).expect();
            if (!o.resumable() && i != segs.size() - 1) {
                return "segment " + (i + 1) + " ends the run but more segments follow";
            }
            if (segs.get(i).maxCycles() == null && o.resumable()) {
                return "segment " + (i + 1) + " has no limit yet expects cycles_exceeded";
            }
        }
        if (!segs.get(segs.size() - 1).expect().withoutSuspension().equals(v.fin())) {
            return "final differs from the last observation";
        }
        return null;
    }

    private String checkOrExplain(Vector v, Loaded loaded) {
        Replay.Inputs in = new Replay.Inputs(v.spec().config(), loaded.blobs(), loaded.program(), loaded.sources(),
                Replay.Inputs.utf8(v.spec().args()));
        List<Segment> segs = v.segments();
        Replay.Observation seen;
        try {
            seen = Replay.run(target, in,
                    budgets(segs.size(), i -> segs.get(i).maxCycles(), i -> segs.get(i).expect().cycles()));
        } catch (Replay.ReplayException e) {
            return e.getMessage();
        }
        String diff = v.load().firstDifference(seen.load());
        if (diff != null) {
            return "load: " + diff;
        }
        return firstSegmentDifference(segs.size(), seen.segments().size(), i -> segs.get(i).maxCycles(),
                i -> segs.get(i).expect().firstDifference(seen.segments().get(i)));
    }

    /** Rules the JSON schema cannot say: terminal outcomes last, {@code final} equal to the last one. */
    private static String shape(Vector v) {
        List<Segment> segs = v.segments();
        for (int i = 0; i < segs.size(); i++) {
            Outcome o = segs.get(i).expect();
            if (o.status() == Outcome.Status.LOADED) {
                return "segment " + (i + 1) + " has status loaded";
            }
            if (o.cycles() == null) {
                return "segment " + (i + 1) + " has no cycles, pc and state root";
            }
            if (o.resumable() != (o.snapshot() != null)) {
                return "segment " + (i + 1) + ": a snapshot is expected exactly on cycles_exceeded";
            }
            if (!o.resumable() && i != segs.size() - 1) {
                return "segment " + (i + 1) + " ends the run but more segments follow";
            }
            if (segs.get(i).maxCycles() == null && o.status() == Outcome.Status.CYCLES_EXCEEDED) {
                return "segment " + (i + 1) + " has no limit yet expects cycles_exceeded";
            }
        }
        boolean loaded = v.load().status() == Outcome.Status.LOADED;
        if (!loaded && (v.load().status() != Outcome.Status.ERROR || !segs.isEmpty())) {
            return "load must be loaded, or an error with no segments";
        }
        if (loaded && v.load().snapshot() == null) {
            return "load must carry a snapshot";
        }
        Outcome last = segs.isEmpty() ? v.load() : segs.get(segs.size() - 1).expect();
        if (!last.withoutSnapshot().equals(v.fin())) {
            return "final differs from the last observation";
        }
        return null;
    }

    /** A vector's program and sources as a data source: the program's id and the sources' ids in order. */
    private record Loaded(InMemoryDataSource blobs, SourceId program, List<SourceId> sources) {}

    /** Program and source files, read once each and checked against the vector's hash. */
    private static final class Blobs {
        private final Path root;
        private final Map<String, byte[]> cache = new TreeMap<>();

        Blobs(Path root) {
            this.root = root;
        }

        Loaded load(VectorSpec spec) throws IOException {
            InMemoryDataSource blobs = new InMemoryDataSource();
            SourceId program = blobs.add(read(spec.program()));
            List<SourceId> sources = new ArrayList<>();
            for (BlobRef s : spec.sources()) {
                sources.add(blobs.add(read(s)));
            }
            return new Loaded(blobs, program, sources);
        }

        byte[] read(BlobRef ref) throws IOException {
            byte[] bytes = cache.get(ref.path());
            if (bytes == null) {
                Path p = root.resolve(ref.path()).normalize();
                if (!p.startsWith(root)) {
                    throw new IOException("path " + ref.path() + " leaves the testvectors folder");
                }
                if (!Files.isRegularFile(p)) {
                    throw new IOException("missing file " + ref.path());
                }
                bytes = Files.readAllBytes(p);
                cache.put(ref.path(), bytes);
            }
            String actual = HEX.formatHex(CkbHash.hash(bytes));
            if (!actual.equals(ref.hash())) {
                throw new IOException(ref.path() + " hashes to " + actual + ", the vector says " + ref.hash());
            }
            return bytes;
        }
    }
}
