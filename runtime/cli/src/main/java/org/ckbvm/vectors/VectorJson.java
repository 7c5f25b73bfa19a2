package org.ckbvm.vectors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The vector file format ({@code testvectors/vectors/schema.json}, documented in
 * {@code testvectors/README.md}): writing and strict reading.
 *
 * <p>The text is built by hand, not by a serializer, because it must be identical byte for byte
 * on every run and every platform (the committed files are checked against a regeneration):
 * fixed field order, two-space indentation, {@code \n} line ends, one segment per line so that a
 * behaviour change shows up as a small diff. Reading rejects unknown and missing fields, so a
 * typo in a hand-edited file is an error, not a silently skipped check.
 */
public final class VectorJson {
    /** The value of the top-level {@code format} field; bump on any incompatible change. */
    public static final String FORMAT = "ckbvm-vectors/1";
    /** Args longer than this made of one repeated character are written as {@code {"repeat","times"}}. */
    static final int REPEAT_THRESHOLD = 256;

    private static final ObjectMapper JSON = new ObjectMapper();

    private VectorJson() {}

    // ---- writing ----------------------------------------------------------------------------

    /** One vector file: the format marker and the vectors in the given order. */
    public static String write(List<Vector> vectors) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"format\": ").append(str(FORMAT)).append(",\n  \"vectors\": [");
        for (int i = 0; i < vectors.size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n");
            vector(sb, vectors.get(i));
        }
        sb.append(vectors.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return sb.toString();
    }

    private static void vector(StringBuilder sb, Vector v) {
        String in = "      ";
        sb.append("    {\n");
        spec(sb, v.spec(), in);
        sb.append(in).append("\"load\": ").append(outcome(v.load())).append(",\n");
        sb.append(in).append("\"segments\": [");
        for (int i = 0; i < v.segments().size(); i++) {
            Segment seg = v.segments().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append(in).append("  {\"max_cycles\": ")
                    .append(seg.maxCycles() == null ? "null" : Long.toUnsignedString(seg.maxCycles()));
            if (seg.note() != null) {
                sb.append(", \"note\": ").append(str(seg.note()));
            }
            sb.append(", \"expect\": ").append(outcome(seg.expect())).append('}');
        }
        sb.append(v.segments().isEmpty() ? "],\n" : "\n" + in + "],\n");
        sb.append(in).append("\"final\": ").append(outcome(v.fin())).append('\n');
        sb.append("    }");
    }

    /** The fields every vector starts with: name, description, program, sources, machine, args (each line ends with a comma). */
    static void spec(StringBuilder sb, VectorSpec s, String in) {
        sb.append(in).append("\"name\": ").append(str(s.name())).append(",\n");
        sb.append(in).append("\"description\": ").append(str(s.description())).append(",\n");
        sb.append(in).append("\"program\": ").append(blob(s.program())).append(",\n");
        sb.append(in).append("\"sources\": [");
        for (int i = 0; i < s.sources().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(blob(s.sources().get(i)));
        }
        sb.append("],\n");
        MachineConfig c = s.config();
        sb.append(in).append("\"machine\": {\"version\": ").append(c.version())
                .append(", \"isa\": ").append(str(IsaFlags.format(c.isa())))
                .append(", \"cost_model\": ").append(str(c.costModel().id()))
                .append(", \"memory_size\": ").append(c.memorySize()).append("},\n");
        sb.append(in).append("\"args\": [");
        for (int i = 0; i < s.args().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(arg(s.args().get(i)));
        }
        sb.append("],\n");
    }

    static String blob(BlobRef b) {
        return "{\"path\": " + str(b.path()) + ", \"hash\": " + str(b.hash()) + "}";
    }

    private static String arg(String a) {
        if (a.length() > REPEAT_THRESHOLD && a.chars().allMatch(ch -> ch == a.charAt(0))
                && !Character.isSurrogate(a.charAt(0))) {
            return "{\"repeat\": " + str(a.substring(0, 1)) + ", \"times\": " + a.length() + "}";
        }
        return str(a);
    }

    private static String outcome(Outcome o) {
        StringBuilder sb = new StringBuilder("{\"status\": ").append(str(o.status().id()));
        if (o.exitCode() != null) {
            sb.append(", \"exit_code\": ").append(o.exitCode());
        }
        if (o.error() != null) {
            sb.append(", \"error\": ").append(str(o.error()));
        }
        if (o.cycles() != null) {
            sb.append(", \"cycles\": ").append(Long.toUnsignedString(o.cycles()))
                    .append(", \"pc\": ").append(str(Outcome.hex(o.pc())))
                    .append(", \"state_root\": ").append(str(o.stateRoot()));
        }
        if (o.snapshot() != null) {
            SnapshotSummary s = o.snapshot();
            sb.append(", \"snapshot\": {\"dirty_pages\": ").append(s.dirtyPages())
                    .append(", \"source_pages\": ").append(s.sourcePages())
                    .append(", \"hash\": ").append(str(s.hash())).append('}');
        }
        return sb.append('}').toString();
    }

    /** A JSON string literal; Jackson's escaping is deterministic (control characters as \\uXXXX). */
    static String str(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /**
     * Parses one vector file.
     *
     * @throws IOException with a message naming the offending vector and field
     */
    public static List<Vector> read(String text) throws IOException {
        JsonNode root = JSON.readTree(text);
        fields(root, "file", Set.of("format", "vectors"), Set.of());
        if (!FORMAT.equals(text(root, "format", "file"))) {
            throw new IOException("unsupported format " + root.get("format") + " (this checker reads " + FORMAT + ")");
        }
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode node : array(root, "vectors", "file")) {
            vectors.add(vector(node));
        }
        return vectors;
    }

    private static Vector vector(JsonNode v) throws IOException {
        String name = name(v);
        fields(v, name, Set.of("name", "description", "program", "sources", "machine", "args", "load", "segments",
                "final"), Set.of());
        VectorSpec spec = spec(v, name);
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        for (JsonNode seg : array(v, "segments", name)) {
            String where = name + " segment " + (++i);
            fields(seg, where, Set.of("max_cycles", "expect"), Set.of("note"));
            JsonNode max = seg.get("max_cycles");
            Long maxCycles = max.isNull() ? null : unsigned(max, where + " max_cycles");
            segments.add(new Segment(maxCycles, seg.has("note") ? text(seg, "note", where) : null,
                    outcome(seg.get("expect"), where)));
        }
        return new Vector(spec, outcome(v.get("load"), name + " load"), segments, outcome(v.get("final"), name + " final"));
    }

    /** A vector's name, for messages. */
    static String name(JsonNode v) {
        return v.path("name").isTextual() ? v.get("name").asText() : "(unnamed vector)";
    }

    /** The spec fields of a vector whose field set was already checked. */
    static VectorSpec spec(JsonNode v, String name) throws IOException {
        List<BlobRef> sources = new ArrayList<>();
        for (JsonNode s : array(v, "sources", name)) {
            sources.add(blob(s, name + " sources"));
        }
        JsonNode m = v.get("machine");
        fields(m, name + " machine", Set.of("version", "isa", "cost_model", "memory_size"), Set.of());
        MachineConfig config;
        try {
            config = new MachineConfig(integer(m, "version", name).intValue(), IsaFlags.parse(text(m, "isa", name)),
                    CostModel.parse(text(m, "cost_model", name)), integer(m, "memory_size", name));
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": machine: " + e.getMessage());
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : array(v, "args", name)) {
            args.add(arg(a, name));
        }
        return new VectorSpec(name, text(v, "description", name), blob(v.get("program"), name + " program"),
                sources, config, args);
    }

    static BlobRef blob(JsonNode b, String where) throws IOException {
        fields(b, where, Set.of("path", "hash"), Set.of());
        return new BlobRef(text(b, "path", where), hash(b, "hash", where));
    }

    static String arg(JsonNode a, String where) throws IOException {
        if (a.isTextual()) {
            return a.asText();
        }
        fields(a, where + " args", Set.of("repeat", "times"), Set.of());
        String unit = text(a, "repeat", where);
        long times = integer(a, "times", where);
        if (times < 0 || times > (1 << 24)) {
            throw new IOException(where + ": args: times out of range: " + times);
        }
        return unit.repeat((int) times);
    }

    private static Outcome outcome(JsonNode o, String where) throws IOException {
        fields(o, where, Set.of("status"),
                Set.of("exit_code", "error", "cycles", "pc", "state_root", "snapshot"));
        SnapshotSummary snapshot = null;
        if (o.has("snapshot")) {
            JsonNode s = o.get("snapshot");
            fields(s, where + " snapshot", Set.of("dirty_pages", "source_pages", "hash"), Set.of());
            snapshot = new SnapshotSummary(integer(s, "dirty_pages", where), integer(s, "source_pages", where),
                    hash(s, "hash", where));
        }
        try {
            return new Outcome(Outcome.Status.parse(text(o, "status", where)),
                    o.has("exit_code") ? integer(o, "exit_code", where).intValue() : null,
                    o.has("error") ? text(o, "error", where) : null,
                    o.has("cycles") ? unsigned(o.get("cycles"), where + " cycles") : null,
                    o.has("pc") ? pc(text(o, "pc", where), where) : null,
                    o.has("state_root") ? hash(o, "state_root", where) : null,
                    snapshot);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage());
        }
    }

    static void fields(JsonNode node, String where, Set<String> required, Set<String> optional)
            throws IOException {
        if (node == null || !node.isObject()) {
            throw new IOException(where + ": an object expected");
        }
        for (String r : required) {
            if (!node.has(r)) {
                throw new IOException(where + ": missing field '" + r + "'");
            }
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!required.contains(f) && !optional.contains(f)) {
                throw new IOException(where + ": unknown field '" + f + "'");
            }
        }
    }

    static JsonNode array(JsonNode node, String field, String where) throws IOException {
        JsonNode a = node.get(field);
        if (a == null || !a.isArray()) {
            throw new IOException(where + ": '" + field + "' must be an array");
        }
        return a;
    }

    static String text(JsonNode node, String field, String where) throws IOException {
        JsonNode t = node.get(field);
        if (t == null || !t.isTextual()) {
            throw new IOException(where + ": '" + field + "' must be a string");
        }
        return t.asText();
    }

    static Long integer(JsonNode node, String field, String where) throws IOException {
        JsonNode n = node.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IOException(where + ": '" + field + "' must be an integer");
        }
        return n.asLong();
    }

    /** A u64 JSON integer (up to 18446744073709551615) as a Java long bit pattern. */
    static long unsigned(JsonNode n, String where) throws IOException {
        if (!n.isIntegralNumber() || n.bigIntegerValue().signum() < 0 || n.bigIntegerValue().bitLength() > 64) {
            throw new IOException(where + ": a u64 integer expected");
        }
        return n.bigIntegerValue().longValue();
    }

    static long pc(String text, String where) throws IOException {
        if (!text.matches("0x[0-9a-f]{1,16}")) {
            throw new IOException(where + ": pc must be 0x followed by 1 to 16 lower-case hex digits, got " + text);
        }
        return Long.parseUnsignedLong(text.substring(2), 16);
    }

    static String hash(JsonNode node, String field, String where) throws IOException {
        String h = text(node, field, where);
        if (!h.matches("[0-9a-f]{64}")) {
            throw new IOException(where + ": '" + field + "' must be 64 lower-case hex digits");
        }
        return h;
    }
}
