package org.ckbvm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.concurrent.Callable;

import org.ckbvm.vectors.ExecutionTarget;
import org.ckbvm.vectors.SpawnVectorGenerator;
import org.ckbvm.vectors.SpawnVectorJson;
import org.ckbvm.vectors.VectorChecker;
import org.ckbvm.vectors.VectorGenerator;
import org.ckbvm.vectors.VectorJson;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vectors generate [DIR]} and {@code vectors verify [DIR]}: the conformance vectors. */
@Command(name = "vectors", mixinStandardHelpOptions = true,
        description = "Generate or verify the conformance vectors (testvectors/README.md).",
        subcommands = {VectorsCommand.Generate.class, VectorsCommand.Verify.class, HelpCommand.class})
final class VectorsCommand {
    static final String DEFAULT_DIR = "testvectors/vectors";

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Regenerate the vector files of DIR from DIR/../programs/expectations.json, and the "
                    + "multi-VM vectors of DIR/spawn from DIR/../programs/spawn/expected.json, with the programs "
                    + "under DIR/.. (deterministic: same inputs, same bytes).")
    static final class Generate implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
                description = "The vectors folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            Path root = dir.toAbsolutePath().normalize().getParent();
            if (root == null || !Files.isRegularFile(root.resolve("programs").resolve("expectations.json"))) {
                throw UsageException.badValue("DIR", dir.toString(),
                        "a vectors folder beside programs/expectations.json (e.g. testvectors/vectors)");
            }
            if (!Files.isRegularFile(root.resolve("programs").resolve("spawn").resolve("expected.json"))) {
                throw UsageException.badValue("DIR", dir.toString(),
                        "a vectors folder beside programs/spawn/expected.json (e.g. testvectors/vectors)");
            }
            SortedMap<String, String> files = VectorGenerator.generate(root);
            SortedMap<String, String> spawnFiles = SpawnVectorGenerator.generate(root);
            VectorGenerator.write(dir, files);
            SpawnVectorGenerator.write(dir.resolve(SpawnVectorGenerator.DIR), spawnFiles);
            long vectors = 0;
            for (String text : files.values()) {
                vectors += VectorJson.read(text).size();
            }
            long spawnVectors = 0;
            for (String text : spawnFiles.values()) {
                spawnVectors += SpawnVectorJson.read(text).size();
            }
            System.out.println("wrote " + vectors + " vectors in " + files.size() + " files to " + dir + " and "
                    + spawnVectors + " multi-VM vectors in " + spawnFiles.size() + " files to "
                    + dir.resolve(SpawnVectorGenerator.DIR));
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Replay every vector of DIR and of DIR/spawn (multi-VM); one line per vector, then "
                    + "'N passed, M failed' over both. "
                    + "Exit status 0 only if every vector passed.")
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
                description = "The vectors folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(dir)) {
                throw UsageException.badValue("DIR", dir.toString(), "a folder of vector files; there is no such folder");
            }
            VectorChecker.Report report = new VectorChecker(ExecutionTarget.REFERENCE)
                    .verify(dir, r -> System.out.println(r.line()));
            System.out.println(report.summary());
            if (report.results().isEmpty()) {
                return Report.error(false, "NoVectors", "no vectors in " + dir, ExitStatus.FAILED);
            }
            return report.failed() == 0 ? ExitStatus.OK : ExitStatus.FAILED;
        }
    }
}
