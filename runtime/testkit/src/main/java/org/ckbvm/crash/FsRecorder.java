package org.ckbvm.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a workload main class in a child JVM under {@code fsrecord.c} (LD_PRELOAD) and returns its
 * trace. The library is compiled once per test JVM with the machine's gcc into
 * {@code target/fsrecord/}; without gcc this fails (it does not skip): CI must install it.
 *
 * <p>The workload's contract: {@code main(root, markerFile, args...)}. It creates and uses the
 * folder {@code root} (absent at the start); everything under {@code root}'s parent (empty at the
 * start) is recorded, so files the workload writes beside the store (exports) are too. It appends
 * its announcements and acknowledgements to
 * {@code markerFile} with {@link Markers}, and exits 0 when done. The child gets a private
 * {@code java.io.tmpdir} (RocksDB extracts its 17 MB library there), deleted afterwards.
 */
public final class FsRecorder {
    private static Path library;

    private FsRecorder() {}

    /** A finished recording: the trace, the store folder and the recorded folder holding it (its parent). */
    public record Recording(List<FsTrace.Op> trace, String root, String top, Path log) {}

    /**
     * Records {@code mainClass} run with {@code args} in {@code work} (an empty folder; the
     * recorded folder is {@code work/fs}, the store {@code work/fs/store}); fails if the child does not exit 0 within {@code timeoutSeconds}.
     */
    public static Recording record(Path work, String mainClass, List<String> args, List<String> jvmOptions,
                                   long timeoutSeconds) throws IOException, InterruptedException {
        Path so = library();
        Path top = Files.createDirectories(work.resolve("fs")).toRealPath();
        Path root = top.resolve("store");
        Path markers = work.toRealPath().resolve("markers");
        Path log = work.toRealPath().resolve("trace.bin");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.add(root.toString());
        command.add(markers.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("LD_PRELOAD", so.toString());
        env.put("FSREC_LOG", log.toString());
        env.put("FSREC_ROOT", top.toString());
        env.put("FSREC_MARKERS", markers.toString());
        Path err = work.resolve("child.err");
        pb.redirectErrorStream(true).redirectOutput(err.toFile());
        Process child = pb.start();
        try {
            if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
                throw new IllegalStateException("the workload did not finish in " + timeoutSeconds + " s: " + tail(err));
            }
            if (child.exitValue() != 0) {
                throw new IllegalStateException("the workload exited " + child.exitValue() + ": " + tail(err));
            }
        } finally {
            deleteTree(tmp);
        }
        return new Recording(FsTrace.read(log), root.toString(), top.toString(), log);
    }

    /**
     * Compiles the library once per test JVM, from this module's resource {@code fsrecord.c}, into
     * {@code target/fsrecord/} of the module under test; a missing gcc is an error with a clear
     * message, never a skip.
     */
    public static synchronized Path library() throws IOException, InterruptedException {
        if (library != null) {
            return library;
        }
        Path folder = Files.createDirectories(Paths.get("target", "fsrecord").toAbsolutePath());
        Path source = folder.resolve("fsrecord.c");
        try (java.io.InputStream in = FsRecorder.class.getResourceAsStream("fsrecord.c")) {
            if (in == null) {
                throw new IllegalStateException("fsrecord.c is missing from the testkit's resources");
            }
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path out = folder.resolve("libfsrecord.so");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-o", out.toString(), source.toString(),
                    "-ldl", "-lpthread").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the power-loss test needs gcc to build " + source
                    + " (apt-get install -y gcc libc6-dev): " + e.getMessage(), e);
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (gcc.waitFor() != 0) {
            throw new IllegalStateException("gcc failed on " + source + ":\n" + output);
        }
        library = out;
        return out;
    }

    /** Copies a failing trace and crash state to {@code target/crash-failures/name} of the module under test for a post-mortem. */
    static Path keep(Recording recording, Path state, String name) throws IOException {
        Path out = Files.createDirectories(Paths.get("target").toAbsolutePath().resolve("crash-failures").resolve(name));
        Files.copy(recording.log(), out.resolve("trace.bin"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path copy = out.resolve("state");
        deleteTree(copy);
        try (Stream<Path> walk = Files.walk(state)) {
            for (Path p : walk.toList()) {
                Files.copy(p, copy.resolve(state.relativize(p).toString()));
            }
        }
        return out;
    }

    private static String tail(Path file) throws IOException {
        String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
