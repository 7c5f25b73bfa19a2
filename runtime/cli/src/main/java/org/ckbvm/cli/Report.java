package org.ckbvm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.store.StoreError;
import org.ckbvm.store.StoreException;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What the commands print, in one place: JSON lines on stdout (one object per line, numbers as
 * numbers, nothing else on stdout), and errors, which are {@code error: MESSAGE} on stderr and,
 * under {@code --json}, also {@code {"status":"error","error":KIND,"message":...}} on stdout
 * (docs/CLI_JSON.md). The picocli handlers here turn every failure into its exit status
 * ({@link ExitStatus}); nothing reaches the user as a stack trace.
 */
final class Report {
    private Report() {}

    /** Prints one JSON object as one line on stdout. */
    static void json(Map<String, ?> fields) {
        System.out.println(toJson(fields));
    }

    static String toJson(Object value) {
        return JsonLine.of(value);
    }

    /**
     * An object's fields in the order given ({@code key, value, key, value, ...}): {@code Map.of}
     * iterates in an order that changes from one JVM to the next, and the JSON lines keep the
     * map's order.
     */
    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            f.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return f;
    }

    /**
     * Reports an error the command found itself (not an exception): {@code error: MESSAGE} on
     * stderr, and under {@code --json} the error object on stdout.
     *
     * @return {@code status}, for {@code return Report.error(...)}
     */
    static int error(boolean json, String kind, String message, int status) {
        return error(json, kind, message, Map.of(), status);
    }

    static int error(boolean json, String kind, String message, Map<String, ?> extra, int status) {
        System.err.println("error: " + message);
        if (json) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("status", "error");
            f.put("error", kind);
            f.put("message", message);
            f.putAll(extra);
            json(f);
        }
        return status;
    }

    // ---- picocli's handlers ---------------------------------------------------------------------

    /** A parse error: the one wording of a bad value, a pointer to --help; exit 2. */
    static int parseError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        Map<String, Object> extra = new LinkedHashMap<>();
        String message = describe(ex, extra);
        boolean json = jsonRequested(cmd, args);
        System.err.flush();
        error(json, "Usage", message, extra, ExitStatus.USAGE);
        PrintWriter err = new PrintWriter(System.err, true);
        if (ex instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitStatus.USAGE;
    }

    /** An exception out of a command: classified into its exit status, reported without a stack trace. */
    static int executionError(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        boolean json = jsonOn(cmd.getCommandSpec());
        if (e instanceof ParameterException p) {
            return parseError(p, parseResult.originalArgs().toArray(String[]::new));
        }
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof UsageException u) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (u.option() != null) {
                extra.put("option", u.option());
                extra.put("value", u.value());
                extra.put("expected", u.expected());
            }
            return error(json, "Usage", u.getMessage(), extra, ExitStatus.USAGE);
        }
        if (t instanceof StoreException s && s.error() instanceof StoreError.NoStore none) {
            // a --db that names no store is the user's slip, not a broken store
            return error(json, "Usage", UsageException.message("--db", none.path(), "a store folder; there is no store there"),
                    fields("option", "--db", "value", none.path(), "expected", "a store folder; there is no store there"),
                    ExitStatus.USAGE);
        }
        if (t instanceof StoreException s) {
            return error(json, "Store", s.getMessage(), Map.of("store_error", s.error().getClass().getSimpleName()),
                    ExitStatus.STORE);
        }
        if (t instanceof NodeFault f) {
            int status = switch (f.kind()) {
                case STORAGE, CORRUPT_STATE -> ExitStatus.STORE;
                case INVALID_REQUEST -> ExitStatus.USAGE;
                default -> ExitStatus.INTERNAL;
            };
            return error(json, status == ExitStatus.STORE ? "Store" : status == ExitStatus.USAGE ? "Usage" : "Internal",
                    f.getMessage(), Map.of("fault", f.kind().name()), status);
        }
        if (t instanceof NoSuchFileException n) {
            return error(json, "Usage", "no such file: " + n.getFile(), ExitStatus.USAGE);
        }
        if (t instanceof AccessDeniedException a) {
            return error(json, "Usage", "permission denied: " + a.getFile(), ExitStatus.USAGE);
        }
        if (t instanceof IllegalArgumentException) {
            // a library's refusal of an input (a chain file that is not one, ...): its message names it
            return error(json, "Usage", String.valueOf(t.getMessage()), ExitStatus.USAGE);
        }
        if (t instanceof FileSystemException f) {
            return error(json, "Io", f.getFile() + ": " + f.getReason(), ExitStatus.INTERNAL);
        }
        if (t instanceof IOException) {
            return error(json, "Io", String.valueOf(t.getMessage()), ExitStatus.INTERNAL);
        }
        return error(json, "Internal", "internal error (please report it): " + t, ExitStatus.INTERNAL);
    }

    /** A parse error's message; a bad value in the one wording, its parts in {@code extra}. */
    static String describe(ParameterException ex, Map<String, Object> extra) {
        ArgSpec spec = ex.getArgSpec();
        String value = ex.getValue();
        if (spec != null && value != null && ex.getCause() instanceof TypeConversionException tce) {
            String expected = tce instanceof Values.Expected ? tce.getMessage() : expectedFor(spec.type());
            String name = spec instanceof OptionSpec o ? o.longestName() : spec.paramLabel();
            extra.put("option", name);
            extra.put("value", value);
            extra.put("expected", expected);
            return UsageException.message(name, value, expected);
        }
        String m = String.valueOf(ex.getMessage());
        if (m.equals("Missing required subcommand")) {
            List<String> names = new java.util.ArrayList<>(ex.getCommandLine().getSubcommands().keySet());
            names.remove("help");
            m += ": one of " + String.join(", ", names);
        }
        // picocli's own messages ("Unknown option: ...", "Missing required parameter: ...") in our case
        return m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))
                ? Character.toLowerCase(m.charAt(0)) + m.substring(1) : m;
    }

    private static String expectedFor(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number, e.g. 2.5";
        }
        return "a valid " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code --json} is on for the command that ran (its option's value). */
    static boolean jsonOn(CommandSpec spec) {
        OptionSpec json = spec.findOption("--json");
        return json != null && Boolean.TRUE.equals(json.getValue());
    }

    /**
     * Whether the user asked for {@code --json} on the command that failed to parse: its value
     * if picocli got that far, else a scan of that command's own arguments (up to {@code --}, and
     * for commands whose arguments after the first positional belong to the guest, up to it).
     */
    static boolean jsonRequested(CommandLine cmd, String[] args) {
        CommandSpec spec = cmd.getCommandSpec();
        if (spec.findOption("--json") == null) {
            return false;
        }
        if (jsonOn(spec)) {
            return true;
        }
        List<String> names = new java.util.ArrayList<>();
        for (CommandLine c = cmd; c.getParent() != null; c = c.getParent()) {
            names.add(0, c.getCommandName());
        }
        int i = 0;
        for (String name : names) {
            while (i < args.length && !args[i].equals(name)) {
                i++;
            }
            i++;
        }
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--json")) {
                return true;
            }
            if (a.startsWith("-")) {
                OptionSpec o = spec.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
                if (o != null && o.arity().min() > 0 && !a.contains("=")) {
                    i++;
                }
            } else if (cmd.isStopAtPositional()) {
                return false;
            }
        }
        return false;
    }
}
