package org.ckbvm.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One JSON value as one compact line, written with Jackson's streaming generator: maps, lists,
 * strings, numbers, booleans and null, which is all the commands print. A map keeps its insertion
 * or sorted order; any other map (a {@code HashMap}, {@code Map.of}) is written sorted by key,
 * since its own order can change from one JVM to the next. Otherwise the line is byte for byte
 * what Jackson's {@code ObjectMapper} writes, but a short command such as {@code run --json} does
 * not pay for starting the data-binding layer (about 0.2 s of a process that otherwise takes
 * 0.22 s: 400 classes, loaded and run in HotSpot's interpreter). Any other value (a
 * {@code JsonNode}, a record) goes to an {@code ObjectMapper}, created on first use.
 */
final class JsonLine {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private JsonLine() {}

    static String of(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = FACTORY.createGenerator(text)) {
            write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            out.writeNumber(b);
        } else if (value instanceof BigDecimal d) {
            out.writeNumber(d);
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> e : ordered(map).entrySet()) {
                out.writeFieldName(String.valueOf(e.getKey()));
                write(out, e.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                write(out, item);
            }
            out.writeEndArray();
        } else {
            out.writeRawValue(Mapper.INSTANCE.writeValueAsString(value));
        }
    }

    /**
     * The map itself if its order is defined (insertion or sorted order, or one entry), else its
     * entries sorted by key: a {@code HashMap} or {@code Map.of} iterates in an order that can
     * change from one JVM to the next, and a line must not.
     */
    private static Map<?, ?> ordered(Map<?, ?> map) {
        if (map.size() < 2 || map instanceof LinkedHashMap || map instanceof SortedMap) {
            return map;
        }
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        return sorted;
    }

    /** The data-binding mapper, for values the generator alone does not cover. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
}
