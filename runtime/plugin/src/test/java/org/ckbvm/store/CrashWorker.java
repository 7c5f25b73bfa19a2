package org.ckbvm.store;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.suspension.StoreResumer;

/**
 * The child process of {@link StoreCrashTest}: writes and deletes executions in a loop from
 * several threads until it is killed. Before each operation a thread appends
 * {@code B <slot> put <snapshot>} or {@code B <slot> del} to its own log, and {@code A} once the
 * store has acknowledged it (returned, so it is durable). Each line is one unbuffered
 * {@code write}, which a SIGKILL cannot tear.
 *
 * <p>args: store folder, log folder, seed, threads.
 */
public final class CrashWorker {
    static final int SLOTS_PER_THREAD = 8;
    static final int POOL = 16;

    private CrashWorker() {}

    static List<Snapshot> pool(StoreFixtures fx) {
        return fx.many(POOL, 250_000, 330_000);
    }

    static TxHash tx(int thread, int slot) {
        return StoreFixtures.tx(thread * 1000 + slot);
    }

    public static void main(String[] args) throws Exception {
        Path db = Paths.get(args[0]);
        Path logs = Paths.get(args[1]);
        long seed = Long.parseLong(args[2]);
        int threads = Integer.parseInt(args[3]);
        StoreFixtures fx = new StoreFixtures();
        List<Snapshot> pool = pool(fx);
        SnapshotStore store = StoreResumer.open(db, StoreConfig.defaults().withBlockCacheBytes(8 << 20));
        System.out.println("ready");
        System.out.flush();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                Random random = new Random(seed * 31 + thread);
                try (FileOutputStream log = new FileOutputStream(logs.resolve("thread-" + thread + ".log").toFile(), true)) {
                    while (true) {
                        int slot = random.nextInt(SLOTS_PER_THREAD);
                        TxHash tx = tx(thread, slot);
                        if (random.nextInt(3) == 0) {
                            line(log, "B " + slot + " del");
                            store.delete(tx);
                        } else {
                            int s = random.nextInt(POOL);
                            line(log, "B " + slot + " put " + s);
                            store.put(tx, pool.get(s), StoreFixtures.meta("crash", s), fx.blobs);
                        }
                        line(log, "A");
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(5);
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    private static void line(FileOutputStream log, String text) throws IOException {
        log.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
