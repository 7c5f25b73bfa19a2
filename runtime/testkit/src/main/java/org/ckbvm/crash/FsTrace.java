package org.ckbvm.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The log {@code fsrecord.c} writes, parsed: every file-system call on the recorded folder, in
 * the one order the library's lock gave them, and the workload's markers between them.
 */
public final class FsTrace {
    private FsTrace() {}

    /** One recorded call. Paths are absolute; fds are the child's. */
    public sealed interface Op {}

    /** {@code created}: the name did not exist before this open; {@code dir}: it is a directory. */
    public record Open(int fd, int flags, boolean created, boolean dir, String path) implements Op {}

    public record Close(int fd) implements Op {}

    public record Dup(int oldFd, int newFd) implements Op {}

    public record Write(int fd, long offset, byte[] bytes) implements Op {}

    public record Truncate(int fd, long length) implements Op {}

    public record TruncatePath(String path, long length) implements Op {}

    public record Fallocate(int fd, int mode, long offset, long length) implements Op {}

    /** fsync or fdatasync: both make the file's data and size durable; on a directory, its entries. */
    public record Sync(int fd, boolean dataOnly) implements Op {}

    /** No durability guarantee (neither metadata nor the disk cache); kept for the record. */
    public record SyncFileRange(int fd, long offset, long length, int flags) implements Op {}

    public record Rename(String from, String to) implements Op {}

    public record Unlink(String path) implements Op {}

    public record Mkdir(String path) implements Op {}

    public record Rmdir(String path) implements Op {}

    /** One write of the workload to its marker file: an acknowledgement or an announcement. */
    public record Marker(String text) implements Op {}

    /** A call the replay cannot model; a trace holding one is refused. */
    public record Unsupported(String what) implements Op {}

    /** Prints a trace, one record a line (bytes summarized): {@code FsTrace <trace.bin>}. */
    public static void main(String[] args) throws IOException {
        List<Op> ops = read(Path.of(args[0]));
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            String text = op instanceof Write w
                    ? "Write[fd=" + w.fd() + ", offset=" + w.offset() + ", length=" + w.bytes().length + "]"
                    : op.toString();
            System.out.println((i + 1) + " " + text);
        }
    }

    public static List<Op> read(Path log) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(log)).order(ByteOrder.LITTLE_ENDIAN);
        List<Op> ops = new ArrayList<>();
        while (b.hasRemaining()) {
            int op = b.get() & 0xff;
            int len = b.getInt();
            ByteBuffer p = b.slice(b.position(), len).order(ByteOrder.LITTLE_ENDIAN);
            b.position(b.position() + len);
            ops.add(switch (op) {
                case 1 -> open(p);
                case 2 -> new Close(p.getInt());
                case 3 -> new Dup(p.getInt(), p.getInt());
                case 4 -> new Write(p.getInt(), p.getLong(), rest(p));
                case 5 -> new Truncate(p.getInt(), p.getLong());
                case 6 -> new Fallocate(p.getInt(), p.getInt(), p.getLong(), p.getLong());
                case 7 -> new Sync(p.getInt(), false);
                case 8 -> new Sync(p.getInt(), true);
                case 9 -> new SyncFileRange(p.getInt(), p.getLong(), p.getLong(), p.getInt());
                case 10 -> new Rename(str(p), str(p));
                case 11 -> new Unlink(str(p));
                case 12 -> new Mkdir(str(p));
                case 13 -> new Rmdir(str(p));
                case 14 -> new Marker(new String(rest(p), StandardCharsets.UTF_8).strip());
                case 15 -> new TruncatePath(pathAfterLength(p), p.getLong(0));
                case 16 -> new Unsupported(str(p));
                default -> throw new IOException("unknown record " + op + " at byte " + (b.position() - len - 5));
            });
        }
        return ops;
    }

    private static Open open(ByteBuffer p) {
        int fd = p.getInt();
        int flags = p.getInt();
        int bits = p.getInt(); // 1: created by this open, 2: a directory
        return new Open(fd, flags, (bits & 1) != 0, (bits & 2) != 0, str(p));
    }

    private static String pathAfterLength(ByteBuffer p) {
        p.position(8);
        return str(p);
    }

    private static String str(ByteBuffer p) {
        byte[] s = new byte[p.getInt()];
        p.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static byte[] rest(ByteBuffer p) {
        byte[] s = new byte[p.remaining()];
        p.get(s);
        return s;
    }
}
