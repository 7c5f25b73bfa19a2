package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link JsonLine} writes what Jackson's data binding writes, byte for byte. */
class JsonLineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private static void same(Object value) throws Exception {
        assertEquals(MAPPER.writeValueAsString(value), JsonLine.of(value));
    }

    @Test
    void everyKindOfValueTheCommandsPrint() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "exited");
        m.put("exit_code", 255);
        m.put("cycles", Long.MAX_VALUE);
        m.put("min", Long.MIN_VALUE);
        m.put("u64", new BigInteger("18446744073709551615"));
        m.put("ratio", new BigDecimal("1E+3"));
        m.put("small", new BigDecimal("0.000001"));
        m.put("short", (short) -7);
        m.put("byte", (byte) 3);
        m.put("ok", true);
        m.put("none", null);
        m.put("text", "quote \" backslash \\ newline \n tab \t nul \0 é ✓ \uD83D\uDE00 </script>");
        m.put("list", List.of(1, "two", List.of(), Map.of()));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", new ArrayList<>(Arrays.asList(null, false, 2L)));
        m.put("nested", nested);
        m.put("double", 1.5);
        m.put("enum", ExitKind.B);
        same(m);
        same(List.of());
        same(Map.of());
        same("just a string");
        same(12L);
    }

    @Test
    void keysKeepTheMapsOrder() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 20; i > 0; i--) {
            m.put("k" + i, i);
        }
        same(m);
    }

    @Test
    void aMapWithoutAnOrderComesOutSortedByKey() {
        // a HashMap of these keys iterates "c" first (bucket 3 before bucket 15)
        Map<String, Object> unordered = new java.util.HashMap<>();
        unordered.put("c", 1);
        unordered.put("ba", 2);
        assertEquals("c", unordered.keySet().iterator().next());
        assertEquals("{\"ba\":2,\"c\":1}", JsonLine.of(unordered));
        assertEquals("{\"ba\":2,\"c\":1}", JsonLine.of(Map.of("c", 1, "ba", 2)));
    }

    private enum ExitKind { A, B }
}
