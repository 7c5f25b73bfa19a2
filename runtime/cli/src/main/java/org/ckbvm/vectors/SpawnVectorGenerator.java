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

import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.scheduler.Scheduler;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.ScriptEnvironment;
import org.ckbvm.scheduler.ScriptResult;
import org.ckbvm.source.InMemoryDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Produces the multi-VM vectors ({@code vectors/spawn/<program>.json}) from
 * {@code testvectors/programs/spawn/expected.json}: for every run there a one-shot vector (no
 * limit) and a split vector whose budgets are found by stepping the uninterrupted run in
 * {@link #STEPS} equal budgets and looking at the scheduler at each stop:
 * <ul>
 *   <li>the first stop with the most VMs alive (when that is more than one);</li>
 *   <li>the first stop with several VMs alive but none in the middle of its run (charges made
 *       without a limit check passed the budget), if any;</li>
 *   <li>half way; one cycle short of the end; exactly the cycles of the end.</li>
 * </ul>
 * Deterministic as {@link VectorGenerator}: entries in file order, one file per program, files in
 * name order, no clocks, no hash-map iteration.
 */
public final class SpawnVectorGenerator {
    /** The folder under {@code vectors/} holding the multi-VM vector files. */
    public static final String DIR = "spawn";
    /** How many equal budgets the scan steps the uninterrupted run in. */
    static final int STEPS = 32;


    private SpawnVectorGenerator() {}

    /** file name to content for every multi-VM vector file, from the {@code testvectors/} folder {@code root}. */
    public static SortedMap<String, String> generate(Path root) throws IOException {
        JsonNode runs = new ObjectMapper().readTree(root.resolve("programs/spawn/expected.json").toFile());
        Map<String, List<SpawnVector>> byProgram = new LinkedHashMap<>();
        Map<String, byte[]> files = new TreeMap<>();
        for (JsonNode run : runs) {
            Case c = Case.of(run, root, files);
            byProgram.computeIfAbsent(run.get("program").asText() + ".json", k -> new ArrayList<>()).addAll(vectors(c));
        }
        SortedMap<String, String> out = new TreeMap<>();
        byProgram.forEach((file, vectors) -> out.put(file, SpawnVectorJson.write(vectors)));
        return out;
    }

    /** Writes {@code files} into {@code dir} and deletes vector files there that are no longer generated. */
    public static void write(Path dir, SortedMap<String, String> files) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : old) {
                if (!files.containsKey(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** One run of expected.json: its spec and the script's environment. */
    record Case(VectorSpec spec, ScriptEnvironment env) {
        static Case of(JsonNode run, Path root, Map<String, byte[]> files) {
            String program = run.get("program").asText();
            List<String> args = new ArrayList<>();
            run.get("args").forEach(a -> args.add(a.asText()));
            InMemoryDataSource blobs = new InMemoryDataSource();
            BlobRef programRef = BlobRef.of("elf/" + program, root, files);
            SourceId programId = blobs.add(files.get(programRef.path()));
            List<BlobRef> sources = new ArrayList<>();
            List<SourceId> ids = new ArrayList<>();
            for (JsonNode s : run.get("sources")) {
                BlobRef ref = BlobRef.of(s.asText(), root, files);
                sources.add(ref);
                ids.add(blobs.add(files.get(ref.path())));
            }
            String name = program + (args.isEmpty() ? "" : "/argv=" + String.join(",", args));
            String outcome = run.get("status").asText().equals("exited")
                    ? "exits " + run.get("exit_code").asInt() : "ends in " + run.get("error").asText();
            String why = "spawn test program " + program + " as the root VM of a version-2 script"
                    + (args.isEmpty() ? "" : ", argv " + args) + ": " + outcome + " after "
                    + run.get("cycles").asLong() + " cycles (programs/spawn/EXPECTED.md)";
            MachineConfig config = MachineConfig.defaults();
            VectorSpec spec = new VectorSpec(name, why, programRef, sources, config, args);
            ScriptEnvironment env = ScriptEnvironment.of(config, blobs, programId, ids)
                    .withRootArgs(Replay.Inputs.utf8(args));
            return new Case(spec, env);
        }
    }

    private static List<SpawnVector> vectors(Case c) {
        List<SpawnVector> out = new ArrayList<>();
        List<Long> none = new ArrayList<>();
        none.add(null);
        List<String> notes = new ArrayList<>();
        notes.add(null);
        out.add(record(c.spec(), c.env(), none, notes));
        TreeMap<Long, String> points = scan(c.env());
        if (!points.isEmpty()) {
            VectorSpec spec = new VectorSpec(c.spec().name() + VectorGenerator.SPLIT_SUFFIX,
                    c.spec().description() + " (split at budgets that stop it with several VMs alive)",
                    c.spec().program(), c.spec().sources(), c.spec().config(), c.spec().args());
            List<Long> budgets = new ArrayList<>(points.keySet());
            List<String> why = new ArrayList<>(points.values());
            SpawnVector split = record(spec, c.env(), budgets, why);
            if (split.fin().resumable()) {
                budgets.add(null);
                why.add("no limit: run to the end");
                split = record(spec, c.env(), budgets, why);
            }
            out.add(split);
        }
        return out;
    }

    /** Replays the schedule on the reference scheduler and records what it sees. */
    static SpawnVector record(VectorSpec spec, ScriptEnvironment env, List<Long> budgets, List<String> notes) {
        long[] limits = new long[budgets.size()];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = budgets.get(i) == null ? VectorGenerator.CAP : budgets.get(i);
        }
        List<ScriptObservation> seen;
        try {
            seen = ScriptReplay.run(SchedulerTarget.REFERENCE, env, limits);
        } catch (Replay.ReplayException e) {
            throw new IllegalStateException(spec.name() + ": " + e.getMessage(), e);
        }
        List<SpawnVector.Step> steps = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            if (budgets.get(i) == null && seen.get(i).resumable()) {
                throw new IllegalStateException(spec.name() + ": does not end within " + VectorGenerator.CAP + " cycles");
            }
            steps.add(new SpawnVector.Step(budgets.get(i), notes.get(i), seen.get(i)));
        }
        return new SpawnVector(spec, steps, seen.get(seen.size() - 1).withoutSuspension());
    }

    /** The split budgets of a run (empty if it ends within one step). */
    static TreeMap<Long, String> scan(ScriptEnvironment env) {
        long total = Scheduler.start(env).run(VectorGenerator.CAP).cycles();
        TreeMap<Long, String> points = new TreeMap<>();
        if (total < 2) {
            return points;
        }
        Scheduler s = Scheduler.start(env);
        int most = 1;
        long mostAt = -1;
        long betweenRuns = -1;
        for (int k = 1; k < STEPS; k++) {
            long budget = total * k / STEPS;
            if (!(s.run(budget) instanceof ScriptResult.Suspended)) {
                break;
            }
            SchedulerState state = s.suspend();
            int alive = state.vms().size();
            if (alive > most) {
                most = alive;
                mostAt = budget;
            }
            if (alive > 1 && betweenRuns < 0 && state.runningVm().isEmpty()) {
                betweenRuns = budget;
            }
        }
        if (mostAt >= 0) {
            note(points, mostAt, most + " VMs alive, the most of any of " + STEPS + " equal steps (the first such)");
        }
        if (betweenRuns >= 0) {
            note(points, betweenRuns, "several VMs alive and none in the middle of its run (charges made without a limit check, a spawn's, "
                    + "a boot's, a suspend's or a resume's, passed the budget)");
        }
        note(points, total / 2, "half way");
        note(points, total - 1, "one cycle short of the end");
        note(points, total, "exactly the cycles of the end");
        return points;
    }

    private static void note(TreeMap<Long, String> points, long budget, String why) {
        points.merge(budget, why, (a, b) -> a + "; " + b);
    }
}
