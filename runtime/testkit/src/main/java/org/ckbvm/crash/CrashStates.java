package org.ckbvm.crash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The crash-state generator: replays a trace ({@link FsRecorder}) and, at chosen points of it,
 * writes a folder holding what a file system guarantees after a power cut at that point
 * ({@link FsModel}), then hands it to a {@link Check}.
 *
 * <p>Points: every sync point (just after an fsync, fdatasync or folder sync) while the budget
 * allows, two thirds of the budget at most, the rest at random records between them. Each state
 * draws its own random survival of unsynced changes from {@code seed} and its number, so a
 * failure names the seed and the state that reproduce it (given the same trace).
 *
 * <p><b>Adding a workload</b> (e.g. committed blocks of a chain store): write a main class that
 * takes {@code (root, markerFile, args...)}, creates its store in {@code root}, announces each
 * operation with {@link Markers#mark} before calling the store and acknowledges it after the
 * call returns, and exits 0. Record it with {@link FsRecorder#record}, then call
 * {@link #explore} with a {@link Check} that opens the state's {@code root}, replays the markers
 * (every acknowledged operation must be there, an announced one may be whole or absent) and
 * asserts. See {@code org.ckbvm.store.StorePowerLossTest} and {@code PowerLossWorkload}.
 */
public final class CrashStates {
    private CrashStates() {}

    /**
     * One crash state: the store folder in it, the markers the workload wrote before the crash
     * point, and where in the trace the point is.
     */
    public record State(int number, Path root, List<String> markers, int record, int records, boolean syncPoint,
                        FsModel.Survival survival, long seed) {
        /** How to name this state in a failure message. */
        public String describe() {
            return "crash state #" + number + " (after record " + record + " of " + records
                    + (syncPoint ? ", a sync point" : "") + ", " + survival + ", seed " + seed + ")";
        }
    }

    @FunctionalInterface
    public interface Check {
        void check(State state) throws Exception;
    }

    /**
     * Checks the trace, then builds up to {@code budget} crash states ({@code reordered}: the
     * share whose unsynced writes survive in any order) and checks each.
     *
     * @return the number of states checked
     */
    public static int explore(FsRecorder.Recording recording, Path scratch, long seed, int budget, double reordered,
                              Check check) throws Exception {
        List<FsTrace.Op> trace = recording.trace();
        replaysToTheRealFolder(recording, scratch);
        Random random = new Random(seed);
        List<Integer> points = choosePoints(trace, budget, random);
        FsModel model = new FsModel(recording.top());
        String storeName = recording.root().substring(recording.top().length() + 1);
        List<String> markers = new ArrayList<>();
        int next = 0;
        for (int n = 0; n < points.size(); n++) {
            int point = points.get(n); // crash just after `point` records
            while (next < point) {
                FsTrace.Op op = trace.get(next++);
                model.apply(op);
                if (op instanceof FsTrace.Marker m) {
                    markers.add(m.text());
                }
            }
            long stateSeed = seed * 1_000_003L + n;
            Random stateRandom = new Random(stateSeed);
            FsModel.Survival survival = stateRandom.nextDouble() < reordered
                    ? FsModel.Survival.REORDERED : FsModel.Survival.IN_ORDER;
            Path dir = scratch.resolve("state");
            FsRecorder.deleteTree(dir);
            Files.createDirectories(dir);
            model.materialize(dir, stateRandom, survival);
            boolean sync = point > 0 && trace.get(point - 1) instanceof FsTrace.Sync;
            State state = new State(n, dir.resolve(storeName), List.copyOf(markers), point, trace.size(), sync,
                    survival, stateSeed);
            try {
                check.check(state);
            } catch (Exception | AssertionError e) {
                Path kept = FsRecorder.keep(recording, dir, "seed-" + seed + "-state-" + n);
                throw new AssertionError(state.describe() + ", exploration seed " + seed + "; trace and state kept in "
                        + kept + " (print the trace with FsTrace.main): " + e, e);
            }
        }
        FsRecorder.deleteTree(scratch.resolve("state"));
        return points.size();
    }

    /**
     * The whole trace, replayed with every change kept, must give exactly the folder the workload
     * left: otherwise the library missed a call (a path it does not intercept) and every crash
     * state built from the trace would be fiction.
     */
    static void replaysToTheRealFolder(FsRecorder.Recording recording, Path scratch) throws Exception {
        FsModel model = new FsModel(recording.top());
        for (FsTrace.Op op : recording.trace()) {
            model.apply(op);
        }
        Path replayed = scratch.resolve("replayed");
        FsRecorder.deleteTree(replayed);
        Files.createDirectories(replayed);
        model.materialize(replayed, new Random(0), FsModel.Survival.EVERYTHING);
        Path real = Path.of(recording.top());
        List<String> differences = new ArrayList<>();
        try (var walk = Files.walk(real)) {
            for (Path p : walk.toList()) {
                Path twin = replayed.resolve(real.relativize(p).toString());
                if (Files.isDirectory(p) ? !Files.isDirectory(twin)
                        : !Files.isRegularFile(twin) || Files.mismatch(p, twin) != -1) {
                    differences.add(real.relativize(p).toString());
                }
            }
        }
        try (var walk = Files.walk(replayed)) {
            for (Path p : walk.toList()) {
                if (!Files.exists(real.resolve(replayed.relativize(p).toString()))) {
                    differences.add(replayed.relativize(p) + " (only in the replay)");
                }
            }
        }
        FsRecorder.deleteTree(replayed);
        if (!differences.isEmpty()) {
            throw new AssertionError("the trace " + recording.log() + " does not replay to the folder the workload left: "
                    + differences);
        }
    }

    /** Crash points as record counts (0 = before anything), ascending, possibly repeated. */
    static List<Integer> choosePoints(List<FsTrace.Op> trace, int budget, Random random) {
        List<Integer> syncs = new ArrayList<>();
        for (int i = 0; i < trace.size(); i++) {
            if (trace.get(i) instanceof FsTrace.Sync) {
                syncs.add(i + 1);
            }
        }
        Collections.shuffle(syncs, random);
        List<Integer> points = new ArrayList<>(syncs.subList(0, Math.min(syncs.size(), budget * 2 / 3)));
        points.add(trace.size()); // the end: the workload finished, some of its writes unsynced
        while (points.size() < budget) {
            points.add(random.nextInt(trace.size() + 1));
        }
        Collections.sort(points);
        return points;
    }
}
