package org.ckbvm.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What a file system guarantees after a power cut, replayed from a trace: per file, the content
 * made durable by its last fsync/fdatasync plus the changes since (writes, truncates, extends);
 * per directory, the entries made durable by its last directory sync plus the entry changes since
 * (creations, renames, unlinks, mkdirs). A crash state keeps the durable part and some of the rest.
 *
 * <p>Conservative on purpose: a new name, a rename or an unlink is durable only once its folder is
 * synced (POSIX requires that fsync of the folder; ext4 often persists it sooner, other file
 * systems and mount options do not), and fsync of a file says nothing of its name.
 */
final class FsModel {
    private static final int PAGE = 4096;

    /** A file or directory; durable and pending state as described in the class comment. */
    private static final class Inode {
        final boolean dir;
        final Content durable = new Content();
        final List<Change> pending = new ArrayList<>();
        final Map<String, Inode> durableEntries = new TreeMap<>();
        final List<EntryChange> pendingEntries = new ArrayList<>();

        Inode(boolean dir) {
            this.dir = dir;
        }

        void sync() {
            if (dir) {
                for (EntryChange c : pendingEntries) {
                    c.apply(durableEntries);
                }
                pendingEntries.clear();
            } else {
                for (Change c : pending) {
                    c.apply(durable);
                }
                pending.clear();
            }
        }
    }

    private sealed interface Change {
        void apply(Content c);
    }

    private record WriteChange(long offset, byte[] bytes) implements Change {
        public void apply(Content c) {
            c.write(offset, bytes, bytes.length);
        }
    }

    private record TruncateChange(long length) implements Change {
        public void apply(Content c) {
            c.truncate(length);
        }
    }

    /** fallocate without FALLOC_FL_KEEP_SIZE: the size grows to offset + length, with zeros. */
    private record ExtendChange(long end) implements Change {
        public void apply(Content c) {
            if (end > c.length) {
                c.truncate(end);
            }
        }
    }

    private sealed interface EntryChange {
        void apply(Map<String, Inode> entries);
    }

    private record Link(String name, Inode inode) implements EntryChange {
        public void apply(Map<String, Inode> entries) {
            entries.put(name, inode);
        }
    }

    private record Remove(String name) implements EntryChange {
        public void apply(Map<String, Inode> entries) {
            entries.remove(name);
        }
    }

    /** Atomic within one folder: the target is replaced or not, never missing in between. */
    private record Move(String from, String to) implements EntryChange {
        public void apply(Map<String, Inode> entries) {
            Inode moved = entries.remove(from);
            if (moved != null) {
                entries.put(to, moved);
            }
        }
    }

    /** A growable byte array. */
    private static final class Content {
        byte[] bytes = new byte[0];
        int length;

        void write(long offset, byte[] data, int count) {
            int end = Math.toIntExact(offset + count);
            ensure(end);
            System.arraycopy(data, 0, bytes, (int) offset, count);
            length = Math.max(length, end);
        }

        void truncate(long newLength) {
            int n = Math.toIntExact(newLength);
            ensure(n);
            if (n < length) {
                Arrays.fill(bytes, n, length, (byte) 0);
            }
            length = n;
        }

        private void ensure(int n) {
            if (n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(n, bytes.length * 2));
            }
        }

        Content copy() {
            Content c = new Content();
            c.bytes = Arrays.copyOf(bytes, length);
            c.length = length;
            return c;
        }
    }

    /** How unsynced changes survive in a crash state. */
    enum Survival {
        /** Per file and per folder a prefix of the unsynced changes; the last write may be torn at a 4 KiB boundary. */
        IN_ORDER,
        /** Per file any subset of the unsynced writes (write-back order is not program order); folders still in order. */
        REORDERED,
        /** Every change: what the process saw, no crash (to check the trace against the real folder). */
        EVERYTHING
    }

    private final String top;
    private final Inode topInode = new Inode(true);
    /** The live namespace: absolute path to inode, as the process saw it. */
    private final Map<String, Inode> names = new HashMap<>();
    private final Map<Integer, Inode> fds = new HashMap<>();
    private int applied;

    /** {@code top}: the folder that exists when the trace starts (the recorded folder's parent); it starts empty. */
    FsModel(String top) {
        this.top = top;
        names.put(top, topInode);
    }

    int applied() {
        return applied;
    }

    void apply(FsTrace.Op op) {
        applied++;
        if (op instanceof FsTrace.Open o) {
            open(o);
        } else if (op instanceof FsTrace.Close c) {
            fds.remove(c.fd());
        } else if (op instanceof FsTrace.Dup d) {
            fds.put(d.newFd(), fd(d.oldFd()));
        } else if (op instanceof FsTrace.Write w) {
            fd(w.fd()).pending.add(new WriteChange(w.offset(), w.bytes()));
        } else if (op instanceof FsTrace.Truncate t) {
            fd(t.fd()).pending.add(new TruncateChange(t.length()));
        } else if (op instanceof FsTrace.TruncatePath t) {
            named(t.path()).pending.add(new TruncateChange(t.length()));
        } else if (op instanceof FsTrace.Fallocate f) {
            fallocate(f);
        } else if (op instanceof FsTrace.Sync s) {
            fd(s.fd()).sync();
        } else if (op instanceof FsTrace.Rename r) {
            rename(r);
        } else if (op instanceof FsTrace.Unlink u) {
            remove(u.path());
        } else if (op instanceof FsTrace.Rmdir u) {
            remove(u.path());
        } else if (op instanceof FsTrace.Mkdir m) {
            link(m.path(), new Inode(true));
        } else if (op instanceof FsTrace.Unsupported u) {
            throw new IllegalStateException("the trace holds a call the replay cannot model: " + u.what());
        }
        // SyncFileRange gives no durability guarantee; a Marker changes no file
    }

    private void open(FsTrace.Open o) {
        Inode inode = names.get(o.path());
        if (inode == null) {
            if (!o.created()) {
                throw inconsistent("opened " + o.path() + ", which the trace never created");
            }
            inode = new Inode(o.dir());
            link(o.path(), inode);
        } else if (o.created()) {
            throw inconsistent("created " + o.path() + ", which the trace says exists");
        }
        if ((o.flags() & 01000) != 0 && !inode.dir) { // O_TRUNC
            inode.pending.add(new TruncateChange(0));
        }
        fds.put(o.fd(), inode);
    }

    private void fallocate(FsTrace.Fallocate f) {
        if ((f.mode() & ~1) != 0) { // anything but FALLOC_FL_KEEP_SIZE (punching holes, ...)
            throw new IllegalStateException("fallocate mode " + f.mode() + " is not modelled");
        }
        if (f.mode() == 0) {
            fd(f.fd()).pending.add(new ExtendChange(f.offset() + f.length()));
        }
    }

    private void rename(FsTrace.Rename r) {
        if (!parent(r.from()).equals(parent(r.to()))) {
            throw new IllegalStateException("a rename across folders is not modelled: " + r);
        }
        Inode moved = names.remove(r.from());
        if (moved == null) {
            throw inconsistent("renamed " + r.from() + ", which the trace never created");
        }
        names.put(r.to(), moved);
        folder(r.from()).pendingEntries.add(new Move(name(r.from()), name(r.to())));
    }

    private void link(String path, Inode inode) {
        folder(path).pendingEntries.add(new Link(name(path), inode));
        names.put(path, inode);
    }

    private void remove(String path) {
        if (names.remove(path) == null) {
            throw inconsistent("removed " + path + ", which the trace never created");
        }
        folder(path).pendingEntries.add(new Remove(name(path)));
    }

    private Inode fd(int fd) {
        Inode inode = fds.get(fd);
        if (inode == null) {
            throw inconsistent("fd " + fd + " is not open");
        }
        return inode;
    }

    private Inode named(String path) {
        Inode inode = names.get(path);
        if (inode == null) {
            throw inconsistent("no file " + path);
        }
        return inode;
    }

    private Inode folder(String path) {
        Inode dir = names.get(parent(path));
        if (dir == null || !dir.dir) {
            throw inconsistent("the folder of " + path + " is unknown");
        }
        return dir;
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private IllegalStateException inconsistent(String what) {
        return new IllegalStateException("the trace is inconsistent at record " + applied + ": " + what
                + " (a call the library does not intercept?)");
    }

    /** Writes one crash state of the top folder into {@code out} (an empty folder). */
    void materialize(Path out, Random random, Survival survival) throws IOException {
        writeFolder(topInode, out, random, survival);
    }

    private void writeFolder(Inode dir, Path out, Random random, Survival survival) throws IOException {
        Map<String, Inode> entries = new TreeMap<>(dir.durableEntries);
        int keep = survival == Survival.EVERYTHING ? dir.pendingEntries.size()
                : random.nextInt(dir.pendingEntries.size() + 1);
        for (EntryChange c : dir.pendingEntries.subList(0, keep)) {
            c.apply(entries);
        }
        for (Map.Entry<String, Inode> e : entries.entrySet()) {
            Path p = out.resolve(e.getKey());
            if (e.getValue().dir) {
                Files.createDirectory(p);
                writeFolder(e.getValue(), p, random, survival);
            } else {
                Content c = contentAfterCrash(e.getValue(), random, survival);
                Files.write(p, c.length == c.bytes.length ? c.bytes : Arrays.copyOf(c.bytes, c.length));
            }
        }
    }

    private static Content contentAfterCrash(Inode file, Random random, Survival survival) {
        Content c = file.durable.copy();
        List<Change> pending = file.pending;
        if (survival == Survival.REORDERED) {
            for (Change change : pending) {
                if (random.nextBoolean()) {
                    change.apply(c);
                }
            }
            return c;
        }
        boolean everything = survival == Survival.EVERYTHING;
        int keep = everything ? pending.size() : random.nextInt(pending.size() + 1);
        for (int i = 0; i < keep; i++) {
            Change change = pending.get(i);
            if (!everything && i == keep - 1 && change instanceof WriteChange w && random.nextBoolean()) {
                tear(w, c, random);
            } else {
                change.apply(c);
            }
        }
        return c;
    }

    /** Applies the first part of {@code w}, up to a 4 KiB boundary of the file inside it (if there is one). */
    private static void tear(WriteChange w, Content c, Random random) {
        long first = (w.offset() / PAGE + 1) * PAGE;
        long end = w.offset() + w.bytes().length;
        if (first >= end) {
            w.apply(c); // within one page: whole or not at all
            return;
        }
        int boundaries = (int) ((end - 1 - first) / PAGE) + 1;
        long cut = first + (long) random.nextInt(boundaries) * PAGE;
        c.write(w.offset(), w.bytes(), (int) (cut - w.offset()));
    }
}
