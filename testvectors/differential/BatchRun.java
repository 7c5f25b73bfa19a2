import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs ckbvm command lines read from stdin, one per line (arguments separated by single spaces),
 * in one JVM, and prints for each: {@code RC <status>}, {@code OUT <stdout>}, {@code ERR <stderr>}
 * (newlines turned into spaces), {@code END}. For compare.py, which would otherwise start a JVM
 * per run. Run it in source-launcher mode: {@code java -cp ckbvm.jar BatchRun.java}.
 */
public final class BatchRun {
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            ByteArrayOutputStream runOut = new ByteArrayOutputStream();
            ByteArrayOutputStream runErr = new ByteArrayOutputStream();
            System.setOut(new PrintStream(runOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(runErr, true, StandardCharsets.UTF_8));
            int status;
            try {
                status = org.ckbvm.cli.CkbVmCommand.execute(line.trim().split(" "));
            } catch (Throwable t) {
                status = 99;
                System.err.println("THROWN " + t);
            }
            System.setOut(out);
            System.setErr(err);
            out.println("RC " + status);
            out.println("OUT " + runOut.toString(StandardCharsets.UTF_8).replace('\n', ' '));
            out.println("ERR " + runErr.toString(StandardCharsets.UTF_8).replace('\n', ' '));
            out.println("END");
            out.flush();
        }
    }
}
