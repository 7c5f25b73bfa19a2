package org.ckbvm.cli;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ckbvm.error.VmError;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.RunResult;

/**
 * The result of running a machine as the CLI reports it: one JSON object
 * {@code {"status":"exited|cycles_exceeded|error","exit_code":N,"cycles":N,"error":"KIND","pc":"0x.."}}
 * with fields that do not apply omitted, and the process status (the exit code as an unsigned
 * byte; never 0 for an error or a stop on the cycle limit).
 */
final class RunOutcome {
    static final int STATUS_VM_ERROR = ExitStatus.FAILED;
    static final int STATUS_CYCLES_EXCEEDED = ExitStatus.CYCLES_EXCEEDED;

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final int processStatus;

    private RunOutcome(int processStatus) {
        this.processStatus = processStatus;
    }

    static RunOutcome of(RunResult result, Machine machine) {
        RunOutcome outcome;
        if (result instanceof RunResult.Exited exited) {
            outcome = new RunOutcome(exited.exitCode() & 0xff);
            outcome.fields.put("status", "exited");
            outcome.fields.put("exit_code", exited.exitCode());
        } else if (result instanceof RunResult.CyclesExceeded) {
            outcome = new RunOutcome(STATUS_CYCLES_EXCEEDED);
            outcome.fields.put("status", "cycles_exceeded");
        } else {
            VmError error = ((RunResult.Failed) result).error();
            outcome = new RunOutcome(STATUS_VM_ERROR);
            outcome.fields.put("status", "error");
            outcome.fields.put("error", error.kind());
            outcome.fields.put("message", error.message());
        }
        outcome.fields.put("cycles", unsigned(machine.cycles()));
        outcome.fields.put("pc", "0x" + Long.toHexString(machine.pc()));
        return outcome;
    }

    /**
     * The end of a script run by the scheduler, reported as one machine's run is: the script's
     * total cycles and, as {@code pc}, the root VM's (its state root is added by the caller).
     */
    static RunOutcome ofScript(org.ckbvm.scheduler.ScriptResult result, long rootPc) {
        RunOutcome outcome;
        if (result instanceof org.ckbvm.scheduler.ScriptResult.Exited exited) {
            outcome = new RunOutcome(exited.exitCode() & 0xff);
            outcome.fields.put("status", "exited");
            outcome.fields.put("exit_code", exited.exitCode());
        } else if (result instanceof org.ckbvm.scheduler.ScriptResult.Suspended) {
            outcome = new RunOutcome(STATUS_CYCLES_EXCEEDED);
            outcome.fields.put("status", "cycles_exceeded");
        } else {
            VmError error = ((org.ckbvm.scheduler.ScriptResult.Failed) result).error();
            outcome = new RunOutcome(STATUS_VM_ERROR);
            outcome.fields.put("status", "error");
            outcome.fields.put("error", error.kind());
            outcome.fields.put("message", error.message());
        }
        outcome.fields.put("cycles", unsigned(result.cycles()));
        outcome.fields.put("pc", "0x" + Long.toHexString(rootPc));
        return outcome;
    }

    /** A run's end in words, e.g. {@code exited with code 0} (never a record's toString). */
    static String words(RunResult result) {
        if (result instanceof RunResult.Exited exited) {
            return "exited with code " + exited.exitCode();
        }
        if (result instanceof RunResult.CyclesExceeded) {
            return "stopped by the cycle limit";
        }
        VmError error = ((RunResult.Failed) result).error();
        return "failed with " + error.kind() + ": " + error.message();
    }

    /** A u64 as a JSON number. */
    static Number unsigned(long value) {
        return value >= 0 ? (Number) value : new BigInteger(Long.toUnsignedString(value));
    }

    RunOutcome with(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    int processStatus() {
        return processStatus;
    }

    String json() {
        return Report.toJson(fields);
    }

    String text() {
        return text(fields);
    }

    /** {@code key: value} lines; a nested object's fields as {@code key.field: value}. */
    static String text(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                m.forEach((mk, mv) -> sb.append(k).append('.').append(mk).append(": ").append(plain(mv)).append('\n'));
            } else {
                sb.append(k).append(": ").append(plain(v)).append('\n');
            }
        });
        return sb.toString();
    }

    private static String plain(Object v) {
        return v instanceof java.math.BigDecimal b ? b.toPlainString() : String.valueOf(v);
    }
}
