package org.ckbvm.cli;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ckbvm.error.VmError;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.RunResult;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The result of running a machine as the CLI reports it: one JSON object
 * {@code {"status":"exited|cycles_exceeded|error","exit_code":N,"cycles":N,"error":"KIND","pc":"0x.."}}
 * with fields that do not apply omitted, and the process status (the exit code as an unsigned
 * byte; never 0 for an error or a stop on the cycle limit).
 */
final class RunOutcome {
    static final int STATUS_VM_ERROR = 1;
    static final int STATUS_CYCLES_EXCEEDED = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** A snapshot that could not be resumed: no machine ran. */
    static RunOutcome refusal(String kind, String message) {
        RunOutcome outcome = new RunOutcome(STATUS_VM_ERROR);
        outcome.fields.put("status", "error");
        outcome.fields.put("error", kind);
        outcome.fields.put("message", message);
        return outcome;
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
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
