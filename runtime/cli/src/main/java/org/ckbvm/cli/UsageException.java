package org.ckbvm.cli;

/**
 * A usage error found while a command runs (exit status {@link ExitStatus#USAGE}). A bad value
 * is always reported in the same words, whichever command and whether found by picocli's
 * converters or later: {@code invalid value for OPTION: 'VALUE' (expected WHAT)}.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String option;
    private final String value;
    private final String expected;

    private UsageException(String message, String option, String value, String expected) {
        super(message);
        this.option = option;
        this.value = value;
        this.expected = expected;
    }

    /** A bad value: the option (or parameter label, e.g. {@code ELF}), the value given, and what is expected. */
    static UsageException badValue(String option, String value, String expected) {
        return new UsageException(message(option, value, expected), option, value, expected);
    }

    /** Another usage error (options that do not go together, a missing one). */
    static UsageException of(String message) {
        return new UsageException(message, null, null, null);
    }

    /** The one wording of a bad value. */
    static String message(String option, String value, String expected) {
        return "invalid value for " + option + ": '" + value + "' (expected " + expected + ")";
    }

    /** The option or parameter label, or null. */
    String option() {
        return option;
    }

    /** The value given, or null. */
    String value() {
        return value;
    }

    /** What is expected, or null. */
    String expected() {
        return expected;
    }
}
