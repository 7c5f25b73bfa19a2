package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ckbvm.TestVectors;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.suspension.StoreResumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test: a child JVM ({@link CrashWorker}) writes and deletes executions from several
 * threads and is killed with SIGKILL at a random moment, again and again on the same store.
 * After each kill the store must open, {@code verify} must find no corrupt or half-written entry
 * and reference counts equal to the references the stored executions make, and every write the
 * child saw acknowledged must be there (an unacknowledged one may or may not be).
 *
 * <p>SIGKILL leaves the page cache intact, so this test cannot tell a synced write from an
 * unsynced one; {@link StorePowerLossTest} drops unsynced writes as a power cut does.
 *
 * <p>Runs for {@code -Dckbvm.crash.seconds} (default 60) in {@code mvn verify}. The soak:
 * {@code mvn -pl runtime/plugin -am test -Dtest=StoreCrashTest -Dckbvm.crash.seconds=1800 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class StoreCrashTest {
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsTheStoreKeepsEveryAcknowledgedWriteAndNothingHalfWritten() throws Exception {
        long seconds = Long.getLong("ckbvm.crash.seconds", 60);
        long seed = Long.getLong("ckbvm.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        StoreFixtures fx = new StoreFixtures();
        List<Snapshot> pool = CrashWorker.pool(fx);
        Path db = dir.resolve("db");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int kills = 0;
        int killsBeforeReady = 0;
        long acknowledged = 0;
        while (kills < 3 || System.nanoTime() < deadline) {
            Process child = startChild(db, logs, random.nextLong());
            boolean early = random.nextInt(5) == 0;
            if (early) {
                // somewhere in start-up, opening or recovery
                Thread.sleep(random.nextInt(1500));
                killsBeforeReady++;
            } else {
                awaitReady(child);
                Thread.sleep(50 + random.nextInt(700));
            }
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            org.ckbvm.crash.FsRecorder.deleteTree(childTmp());
            if (child.exitValue() == 5) {
                fail("the child failed by itself (seed " + seed + "): " + new String(child.getErrorStream().readAllBytes()));
            }
            kills++;
            acknowledged = checkStore(db, logs, pool, seed, kills);
        }
        System.out.printf("crash test: %d kills (%d during start-up), %d operations acknowledged, seed %d%n",
                kills, killsBeforeReady, acknowledged, seed);
        assertTrue(acknowledged > 0, "the children acknowledged nothing: the test tested nothing");
    }

    private Path childTmp() {
        return dir.resolve("child-tmp");
    }

    private Process startChild(Path db, Path logs, long seed) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        // a private temporary folder: a killed child never deletes the 17 MB RocksDB library it extracts
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Djava.io.tmpdir=" + Files.createDirectories(childTmp()),
                "-cp", System.getProperty("java.class.path"), "-Dckbvm.testvectors=" + TestVectors.root(),
                CrashWorker.class.getName(), db.toString(), logs.toString(), Long.toString(seed), Integer.toString(THREADS));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static void awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            fail("the child did not start: " + line + " / exit " + (child.isAlive() ? "alive" : child.exitValue()));
        }
    }

    /** Opens the store after a kill and checks it against the children's logs; returns acknowledged ops so far. */
    private static long checkStore(Path db, Path logs, List<Snapshot> pool, long seed, int kill) throws Exception {
        if (!Files.exists(db.resolve("CURRENT"))) {
            return 0; // killed before the store was first created
        }
        long acknowledged = 0;
        try (SnapshotStore store = StoreResumer.open(db, StoreConfig.defaults().withCreateIfMissing(false))) {
            VerifyReport report = store.verify();
            assertEquals(0, report.failed(), "after kill " + kill + " (seed " + seed + "): " + report);
            assertEquals(0, report.quarantined(), "nothing is corrupt after a crash");
            for (int t = 0; t < THREADS; t++) {
                Path log = logs.resolve("thread-" + t + ".log");
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                // per slot: the states it may be in (-1 = absent, k = pool snapshot k)
                List<Set<Integer>> allowed = new java.util.ArrayList<>();
                for (int s = 0; s < CrashWorker.SLOTS_PER_THREAD; s++) {
                    allowed.add(new HashSet<>(Set.of(-1)));
                }
                for (int i = 0; i < lines.size(); i++) {
                    String[] b = lines.get(i).split(" ");
                    assertEquals("B", b[0], "log line " + i + " of thread " + t);
                    int slot = Integer.parseInt(b[1]);
                    int result = b[2].equals("del") ? -1 : Integer.parseInt(b[3]);
                    boolean acked = i + 1 < lines.size() && lines.get(i + 1).equals("A");
                    if (acked) {
                        allowed.set(slot, new HashSet<>(Set.of(result)));
                        acknowledged++;
                        i++;
                    } else {
                        allowed.get(slot).add(result); // in flight when killed: either outcome is fine
                    }
                }
                for (int s = 0; s < allowed.size(); s++) {
                    Optional<StoredExecution> got = store.get(CrashWorker.tx(t, s));
                    int state = got.map(e -> pool.indexOf(e.snapshot())).orElse(-1);
                    if (got.isPresent()) {
                        assertTrue(state >= 0, "a stored snapshot that no one wrote");
                    }
                    assertTrue(allowed.get(s).contains(state), "after kill " + kill + " (seed " + seed + "), thread "
                            + t + " slot " + s + " is in state " + state + ", allowed " + allowed.get(s));
                }
            }
        }
        return acknowledged;
    }
}
