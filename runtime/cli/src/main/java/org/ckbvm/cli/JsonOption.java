package org.ckbvm.cli;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON object per line on stdout and nothing else there (docs/CLI_JSON.md); errors too. */
final class JsonOption {
    @Option(names = "--json", description = "Print JSON objects, one per line, on stdout (docs/CLI_JSON.md); errors too.")
    boolean json;
}
