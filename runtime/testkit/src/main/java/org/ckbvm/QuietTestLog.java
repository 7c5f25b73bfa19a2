package org.ckbvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps {@code mvn verify}'s log quiet: in regression mode (no {@code JAZZER_FUZZ}), Jazzer's
 * logger ({@code com.code_intelligence.jazzer.utils.Log}, which has no option for it) is given a
 * stderr that drops its {@code INFO: Instrumented ...} and {@code INFO: Loaded N hooks ...} lines,
 * about 350 per build; its warnings, errors and findings pass. Registered for every module whose
 * tests use the testkit ({@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener});
 * without Jazzer on the class path it does nothing. When fuzzing, Jazzer's log is left whole.
 */
public final class QuietTestLog implements LauncherSessionListener {
    private static final String[] DROPPED = {"INFO: Instrumented ", "INFO: Loaded "};

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getenv("JAZZER_FUZZ") != null) {
            return;
        }
        try {
            Class<?> log = Class.forName("com.code_intelligence.jazzer.utils.Log");
            Method fix = log.getMethod("fixOutErr", PrintStream.class, PrintStream.class);
            fix.invoke(null, System.out, new PrintStream(new LineFilter(System.err), true, StandardCharsets.UTF_8));
        } catch (ReflectiveOperationException | LinkageError e) {
            // no Jazzer (or another version of it): nothing to quiet
        }
    }

    /** Passes whole lines on, except those that start with a dropped prefix. */
    static final class LineFilter extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flushLine();
            }
        }

        @Override
        public synchronized void flush() {
            // a partial line waits for its end: the prefix and the message come in two writes
        }

        @Override
        public synchronized void close() throws IOException {
            flushLine();
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            for (String prefix : DROPPED) {
                if (text.startsWith(prefix)) {
                    return;
                }
            }
            target.print(text);
            target.flush();
        }
    }
}
