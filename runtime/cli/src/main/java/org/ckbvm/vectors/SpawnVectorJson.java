package org.ckbvm.vectors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.VmState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The multi-VM vector file format ({@code ckbvm-spawn-vectors/1}; testvectors/README.md §7,
 * {@code testvectors/vectors/schema.json}): writing byte for byte as {@link VectorJson} does (fixed
 * field order, two-space indentation, {@code \n} line ends, one segment per line) and strict
 * reading (unknown or missing fields are errors).
 */
public final class SpawnVectorJson {
    /** The value of the top-level {@code format} field of a multi-VM vector file. */
    public static final String FORMAT = "ckbvm-spawn-vectors/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpawnVectorJson() {}

    // ---- writing ----------------------------------------------------------------------------

    public static String write(List<SpawnVector> vectors) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"format\": ").append(VectorJson.str(FORMAT)).append(",\n  \"vectors\": [");
        String in = "      ";
        for (int v = 0; v < vectors.size(); v++) {
            SpawnVector vector = vectors.get(v);
            sb.append(v == 0 ? "\n" : ",\n").append("    {\n");
            VectorJson.spec(sb, vector.spec(), in);
            sb.append(in).append("\"segments\": [");
            for (int i = 0; i < vector.segments().size(); i++) {
                SpawnVector.Step seg = vector.segments().get(i);
                sb.append(i == 0 ? "\n" : ",\n").append(in).append("  {\"max_cycles\": ")
                        .append(seg.maxCycles() == null ? "null" : Long.toUnsignedString(seg.maxCycles()));
                if (seg.note() != null) {
                    sb.append(", \"note\": ").append(VectorJson.str(seg.note()));
                }
                sb.append(", \"expect\": ").append(observation(seg.expect())).append('}');
            }
            sb.append("\n").append(in).append("],\n");
            sb.append(in).append("\"final\": ").append(observation(vector.fin())).append('\n');
            sb.append("    }");
        }
        sb.append(vectors.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return sb.toString();
    }

    private static String observation(ScriptObservation o) {
        StringBuilder sb = new StringBuilder("{\"status\": ").append(VectorJson.str(o.status().id()));
        if (o.exitCode() != null) {
            sb.append(", \"exit_code\": ").append(o.exitCode());
        }
        if (o.error() != null) {
            sb.append(", \"error\": ").append(VectorJson.str(o.error()));
        }
        sb.append(", \"cycles\": ").append(Long.toUnsignedString(o.cycles()));
        if (o.bundleRoot() != null) {
            sb.append(", \"bundle_root\": ").append(VectorJson.str(o.bundleRoot())).append(", \"vms\": [");
            for (int i = 0; i < o.vms().size(); i++) {
                ScriptObservation.Vm vm = o.vms().get(i);
                sb.append(i == 0 ? "" : ", ").append("{\"id\": ").append(Long.toUnsignedString(vm.id()))
                        .append(", \"state\": ").append(state(vm.state()))
                        .append(", \"state_root\": ").append(VectorJson.str(vm.stateRoot()));
                if (vm.snapshot() != null) {
                    SnapshotSummary s = vm.snapshot();
                    sb.append(", \"snapshot\": {\"dirty_pages\": ").append(s.dirtyPages())
                            .append(", \"source_pages\": ").append(s.sourcePages())
                            .append(", \"hash\": ").append(VectorJson.str(s.hash())).append('}');
                }
                sb.append('}');
            }
            sb.append(']');
        }
        if (o.scheduler() != null) {
            sb.append(", \"scheduler_state\": {");
            boolean first = true;
            for (Map.Entry<String, String> f : schedulerFields(o.scheduler()).entrySet()) {
                sb.append(first ? "" : ", ").append(VectorJson.str(f.getKey())).append(": ").append(f.getValue());
                first = false;
            }
            sb.append('}');
        }
        return sb.append('}').toString();
    }

    /** A VM state as JSON, e.g. {@code {"kind": "wait", "target": 2, "exit_code_addr": "0x3ffff0"}}. */
    static String state(VmState state) {
        if (state instanceof VmState.Runnable) {
            return "{\"kind\": \"runnable\"}";
        }
        if (state instanceof VmState.Wait w) {
            return "{\"kind\": \"wait\", \"target\": " + Long.toUnsignedString(w.targetVmId())
                    + ", \"exit_code_addr\": " + addr(w.exitCodeAddr()) + "}";
        }
        if (state instanceof VmState.WaitForRead r) {
            return "{\"kind\": \"wait_for_read\", \"fd\": " + Long.toUnsignedString(r.fd()) + ", \"length\": "
                    + Long.toUnsignedString(r.length()) + ", \"buffer_addr\": " + addr(r.bufferAddr())
                    + ", \"length_addr\": " + addr(r.lengthAddr()) + "}";
        }
        if (state instanceof VmState.WaitForWrite w) {
            return "{\"kind\": \"wait_for_write\", \"fd\": " + Long.toUnsignedString(w.fd()) + ", \"consumed\": "
                    + Long.toUnsignedString(w.consumed()) + ", \"length\": " + Long.toUnsignedString(w.length())
                    + ", \"buffer_addr\": " + addr(w.bufferAddr()) + ", \"length_addr\": " + addr(w.lengthAddr()) + "}";
        }
        return "{\"kind\": \"terminated\"}";
    }

    private static String addr(long a) {
        return "\"0x" + Long.toHexString(a) + "\"";
    }

    /** The scheduler state's fields as JSON texts, in the bundle root's order; the hash last. */
    static Map<String, String> schedulerFields(ScriptObservation.SchedulerSummary s) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("total_cycles", Long.toUnsignedString(s.totalCycles()));
        f.put("iteration_cycles", Long.toUnsignedString(s.iterationCycles()));
        f.put("next_vm_id", Long.toUnsignedString(s.nextVmId()));
        f.put("next_fd_slot", Long.toUnsignedString(s.nextFdSlot()));
        if (s.runningVm() != null) {
            f.put("running_vm", Long.toUnsignedString(s.runningVm()));
        }
        StringBuilder fds = new StringBuilder("[");
        for (int i = 0; i < s.fds().size(); i++) {
            SchedulerState.FdOwner fd = s.fds().get(i);
            fds.append(i == 0 ? "" : ", ").append('[').append(Long.toUnsignedString(fd.fd())).append(", ")
                    .append(Long.toUnsignedString(fd.vmId())).append(']');
        }
        f.put("fds", fds.append(']').toString());
        StringBuilder inherited = new StringBuilder("[");
        for (int i = 0; i < s.inheritedFds().size(); i++) {
            SchedulerState.InheritedFds in = s.inheritedFds().get(i);
            inherited.append(i == 0 ? "" : ", ").append('[').append(Long.toUnsignedString(in.vmId())).append(", [");
            for (int k = 0; k < in.fds().size(); k++) {
                inherited.append(k == 0 ? "" : ", ").append(Long.toUnsignedString(in.fds().get(k)));
            }
            inherited.append("]]");
        }
        f.put("inherited_fds", inherited.append(']').toString());
        StringBuilder codes = new StringBuilder("[");
        for (int i = 0; i < s.terminatedVms().size(); i++) {
            SchedulerState.ExitCode c = s.terminatedVms().get(i);
            codes.append(i == 0 ? "" : ", ").append('[').append(Long.toUnsignedString(c.vmId())).append(", ")
                    .append(c.exitCode()).append(']');
        }
        f.put("terminated_vms", codes.append(']').toString());
        StringBuilder ids = new StringBuilder("[");
        for (int i = 0; i < s.instantiatedIds().size(); i++) {
            ids.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(s.instantiatedIds().get(i)));
        }
        f.put("instantiated_ids", ids.append(']').toString());
        f.put("hash", VectorJson.str(s.hash()));
        return f;
    }

    // ---- reading ----------------------------------------------------------------------------

    /**
     * Parses one multi-VM vector file.
     *
     * @throws IOException with a message naming the offending vector and field
     */
    public static List<SpawnVector> read(String text) throws IOException {
        JsonNode root = JSON.readTree(text);
        VectorJson.fields(root, "file", Set.of("format", "vectors"), Set.of());
        if (!FORMAT.equals(VectorJson.text(root, "format", "file"))) {
            throw new IOException("unsupported format " + root.get("format") + " (this checker reads " + FORMAT + ")");
        }
        List<SpawnVector> vectors = new ArrayList<>();
        for (JsonNode node : VectorJson.array(root, "vectors", "file")) {
            vectors.add(vector(node));
        }
        return vectors;
    }

    private static SpawnVector vector(JsonNode v) throws IOException {
        String name = VectorJson.name(v);
        VectorJson.fields(v, name, Set.of("name", "description", "program", "sources", "machine", "args", "segments",
                "final"), Set.of());
        VectorSpec spec = VectorJson.spec(v, name);
        List<SpawnVector.Step> segments = new ArrayList<>();
        int i = 0;
        for (JsonNode seg : VectorJson.array(v, "segments", name)) {
            String where = name + " segment " + (++i);
            VectorJson.fields(seg, where, Set.of("max_cycles", "expect"), Set.of("note"));
            JsonNode max = seg.get("max_cycles");
            Long maxCycles = max.isNull() ? null : VectorJson.unsigned(max, where + " max_cycles");
            segments.add(new SpawnVector.Step(maxCycles, seg.has("note") ? VectorJson.text(seg, "note", where) : null,
                    observation(seg.get("expect"), where)));
        }
        return new SpawnVector(spec, segments, observation(v.get("final"), name + " final"));
    }

    private static ScriptObservation observation(JsonNode o, String where) throws IOException {
        VectorJson.fields(o, where, Set.of("status", "cycles"),
                Set.of("exit_code", "error", "bundle_root", "vms", "scheduler_state"));
        List<ScriptObservation.Vm> vms = new ArrayList<>();
        if (o.has("vms")) {
            int i = 0;
            for (JsonNode vm : VectorJson.array(o, "vms", where)) {
                String at = where + " vms[" + (i++) + "]";
                VectorJson.fields(vm, at, Set.of("id", "state", "state_root"), Set.of("snapshot"));
                SnapshotSummary snapshot = null;
                if (vm.has("snapshot")) {
                    JsonNode s = vm.get("snapshot");
                    VectorJson.fields(s, at + " snapshot", Set.of("dirty_pages", "source_pages", "hash"), Set.of());
                    snapshot = new SnapshotSummary(VectorJson.integer(s, "dirty_pages", at),
                            VectorJson.integer(s, "source_pages", at), VectorJson.hash(s, "hash", at));
                }
                vms.add(new ScriptObservation.Vm(VectorJson.unsigned(vm.get("id"), at + " id"),
                        state(vm.get("state"), at + " state"), VectorJson.hash(vm, "state_root", at), snapshot));
            }
        }
        try {
            return new ScriptObservation(Outcome.Status.parse(VectorJson.text(o, "status", where)),
                    o.has("exit_code") ? VectorJson.integer(o, "exit_code", where).intValue() : null,
                    o.has("error") ? VectorJson.text(o, "error", where) : null,
                    VectorJson.unsigned(o.get("cycles"), where + " cycles"),
                    o.has("bundle_root") ? VectorJson.hash(o, "bundle_root", where) : null,
                    vms,
                    o.has("scheduler_state") ? scheduler(o.get("scheduler_state"), where + " scheduler_state") : null);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage());
        }
    }

    private static VmState state(JsonNode s, String where) throws IOException {
        String kind = s == null ? null : s.path("kind").asText(null);
        if (kind == null) {
            throw new IOException(where + ": an object with a 'kind' expected");
        }
        switch (kind) {
            case "runnable" -> {
                VectorJson.fields(s, where, Set.of("kind"), Set.of());
                return VmState.RUNNABLE;
            }
            case "terminated" -> {
                VectorJson.fields(s, where, Set.of("kind"), Set.of());
                return VmState.TERMINATED;
            }
            case "wait" -> {
                VectorJson.fields(s, where, Set.of("kind", "target", "exit_code_addr"), Set.of());
                return new VmState.Wait(u64(s, "target", where), address(s, "exit_code_addr", where));
            }
            case "wait_for_read" -> {
                VectorJson.fields(s, where, Set.of("kind", "fd", "length", "buffer_addr", "length_addr"), Set.of());
                return new VmState.WaitForRead(u64(s, "fd", where), u64(s, "length", where),
                        address(s, "buffer_addr", where), address(s, "length_addr", where));
            }
            case "wait_for_write" -> {
                VectorJson.fields(s, where, Set.of("kind", "fd", "consumed", "length", "buffer_addr", "length_addr"),
                        Set.of());
                return new VmState.WaitForWrite(u64(s, "fd", where), u64(s, "consumed", where), u64(s, "length", where),
                        address(s, "buffer_addr", where), address(s, "length_addr", where));
            }
            default -> throw new IOException(where + ": unknown kind '" + kind + "'");
        }
    }

    private static ScriptObservation.SchedulerSummary scheduler(JsonNode s, String where) throws IOException {
        VectorJson.fields(s, where, Set.of("total_cycles", "iteration_cycles", "next_vm_id", "next_fd_slot", "fds",
                "inherited_fds", "terminated_vms", "instantiated_ids", "hash"), Set.of("running_vm"));
        List<SchedulerState.FdOwner> fds = new ArrayList<>();
        for (JsonNode p : VectorJson.array(s, "fds", where)) {
            long[] pair = pair(p, where + " fds", false);
            fds.add(new SchedulerState.FdOwner(pair[0], pair[1]));
        }
        List<SchedulerState.InheritedFds> inherited = new ArrayList<>();
        for (JsonNode p : VectorJson.array(s, "inherited_fds", where)) {
            if (!p.isArray() || p.size() != 2 || !p.get(1).isArray()) {
                throw new IOException(where + ": inherited_fds entries are [vm id, [fd, ...]]");
            }
            List<Long> list = new ArrayList<>();
            for (JsonNode fd : p.get(1)) {
                list.add(VectorJson.unsigned(fd, where + " inherited_fds"));
            }
            inherited.add(new SchedulerState.InheritedFds(VectorJson.unsigned(p.get(0), where + " inherited_fds"), list));
        }
        List<SchedulerState.ExitCode> terminated = new ArrayList<>();
        for (JsonNode p : VectorJson.array(s, "terminated_vms", where)) {
            long[] pair = pair(p, where + " terminated_vms", true);
            terminated.add(new SchedulerState.ExitCode(pair[0], (int) pair[1]));
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode id : VectorJson.array(s, "instantiated_ids", where)) {
            ids.add(VectorJson.unsigned(id, where + " instantiated_ids"));
        }
        return new ScriptObservation.SchedulerSummary(u64(s, "total_cycles", where), u64(s, "iteration_cycles", where),
                u64(s, "next_vm_id", where), u64(s, "next_fd_slot", where),
                s.has("running_vm") ? u64(s, "running_vm", where) : null, fds, inherited, terminated, ids,
                VectorJson.hash(s, "hash", where));
    }

    private static long[] pair(JsonNode p, String where, boolean signedSecond) throws IOException {
        if (!p.isArray() || p.size() != 2) {
            throw new IOException(where + ": entries are pairs [a, b]");
        }
        long second;
        if (signedSecond) {
            JsonNode code = p.get(1);
            if (!code.isIntegralNumber() || !code.canConvertToInt() || code.asInt() < -128 || code.asInt() > 127) {
                throw new IOException(where + ": an exit code is an int8, -128 to 127");
            }
            second = code.asInt();
        } else {
            second = VectorJson.unsigned(p.get(1), where);
        }
        return new long[] {VectorJson.unsigned(p.get(0), where), second};
    }

    private static long u64(JsonNode node, String field, String where) throws IOException {
        JsonNode n = node.get(field);
        if (n == null) {
            throw new IOException(where + ": missing field '" + field + "'");
        }
        return VectorJson.unsigned(n, where + " " + field);
    }

    private static long address(JsonNode node, String field, String where) throws IOException {
        return VectorJson.pc(VectorJson.text(node, field, where), where + " " + field);
    }
}
