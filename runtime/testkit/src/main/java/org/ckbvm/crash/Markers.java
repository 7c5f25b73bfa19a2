package org.ckbvm.crash;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The workload's side of the trace: each {@link #mark} is one write(2) to the marker file, which
 * {@code fsrecord.c} logs in order with the store's own calls. Announce an operation before it
 * starts and acknowledge it once the store has returned; the checker treats an operation whose
 * acknowledgement comes before the crash point as durable.
 */
public final class Markers implements AutoCloseable {
    private final FileOutputStream out;

    public Markers(Path file) {
        try {
            out = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line, written with one unbuffered write. */
    public void mark(String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
