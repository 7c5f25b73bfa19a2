package org.ckbvm.plugin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Fails when the public API changes without its recorded fingerprint being updated, as
 * Hyperledger Besu guards its plugin-api. {@code plugin-api/api-signatures.txt} lists every public
 * type, constructor, method and record component in a canonical order, with the SHA-256 of that
 * list on its first line; a reviewer sees exactly what changed in the diff of that file.
 * To accept a change: run with {@code -Dckbvm.updateApi=true} and commit the file.
 */
class PublicApiFingerprintTest {
    private static final String PACKAGE = "org.ckbvm.plugin.api";

    @Test
    void publicApiMatchesTheRecordedFingerprint() throws Exception {
        List<String> signatures = signatures();
        String body = String.join("\n", signatures) + "\n";
        String fingerprint = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        String actual = "fingerprint " + fingerprint + "\n" + body;
        Path recorded = Path.of("api-signatures.txt");
        if (Boolean.getBoolean("ckbvm.updateApi")) {
            Files.writeString(recorded, actual);
        }
        String expected = Files.exists(recorded) ? Files.readString(recorded) : "(no recorded API)";
        assertEquals(expected, actual, "the public plugin API changed; review the difference and, if intended, "
                + "run the plugin-api tests with -Dckbvm.updateApi=true and commit api-signatures.txt");
    }

    private static List<String> signatures() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(ExecutionPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(PACKAGE.replace('.', '/'));
        List<String> names;
        try (Stream<Path> files = Files.list(classes)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
                    .map(n -> PACKAGE + "." + n.substring(0, n.length() - ".class".length()).replace('$', '.'))
                    .sorted().toList();
        }
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            Class<?> type = load(name);
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            lines.add(describe(type));
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    lines.add("  component " + c.getGenericType().getTypeName() + " " + c.getName());
                }
            }
            List<String> members = new ArrayList<>();
            for (var c : type.getConstructors()) {
                members.add("  constructor(" + params(c.getGenericParameterTypes()) + ")");
            }
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                    members.add("  " + (Modifier.isStatic(m.getModifiers()) ? "static " : "")
                            + (m.isDefault() ? "default " : "") + m.getGenericReturnType().getTypeName() + " "
                            + m.getName() + "(" + params(m.getGenericParameterTypes()) + ")");
                }
            }
            for (var f : type.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    members.add("  field " + f.getGenericType().getTypeName() + " " + f.getName());
                }
            }
            members.sort(null);
            lines.addAll(members);
        }
        return lines;
    }

    private static Class<?> load(String dottedName) throws ClassNotFoundException {
        // nested types: try the binary name with '$' from the right
        String candidate = dottedName;
        while (true) {
            try {
                return Class.forName(candidate);
            } catch (ClassNotFoundException e) {
                int dot = candidate.lastIndexOf('.');
                if (dot <= PACKAGE.length()) {
                    throw e;
                }
                candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
            }
        }
    }

    private static String describe(Class<?> type) {
        String kind = type.isRecord() ? "record" : type.isInterface() ? "interface" : type.isEnum() ? "enum" : "class";
        String sealed = type.isSealed() ? " sealed permits " + Arrays.stream(type.getPermittedSubclasses())
                .map(Class::getSimpleName).sorted().toList() : "";
        return kind + " " + type.getName().replace('$', '.') + sealed;
    }

    private static String params(Type[] types) {
        return String.join(", ", Arrays.stream(types).map(Type::getTypeName).toList());
    }
}
