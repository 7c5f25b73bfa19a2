package org.ckbvm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.InMemoryDataSource;

import picocli.CommandLine.Option;

/** {@code --source PATH ...}: blobs a run can load, addressed by syscalls as cell deps in this order. */
final class SourceOptions {
    @Option(names = "--source", paramLabel = "PATH",
            description = "A data blob (its id is its content hash); repeatable. On run, syscalls select "
                    + "them as cell deps by index in this order; on resume from a file, pass the run's --source "
                    + "blobs again (any order), and the program only if the snapshot still references its pages.")
    List<Path> sources = new ArrayList<>();

    /** Reads every --source into {@code into} and returns their ids in order. */
    List<SourceId> addTo(InMemoryDataSource into) {
        List<SourceId> ids = new ArrayList<>();
        for (Path path : sources) {
            ids.add(into.add(Values.readFile("--source", path)));
        }
        return ids;
    }
}
