package org.ckbvm.audit;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.ckbvm.snapshot.PageProof;
import org.ckbvm.snapshot.StateRoot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the one-line JSON form of a {@link PageProof} ({@link PageProof#toJson()}), as
 * {@code audit --proof} and auditors' tools receive it. Kept out of the snapshot module, which
 * writes the form without a JSON library.
 */
public final class PageProofJson {
    private PageProofJson() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /**
     * The proof as the CLI prints it: {@link PageProof#toJson()}'s fields in its order, every
     * hash with a {@code 0x} prefix (STATE_ROOT.md §7 lets readers accept both).
     */
    public static Map<String, Object> fields(PageProof proof) {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("page", proof.page());
        f.put("flags", proof.flags());
        f.put("content_hash", proof.contentHash() == null ? null : "0x" + HEX.formatHex(proof.contentHash()));
        List<String> siblings = new java.util.ArrayList<>();
        for (byte[] s : proof.siblings()) {
            siblings.add("0x" + HEX.formatHex(s));
        }
        f.put("siblings", siblings);
        f.put("header_leaf", "0x" + HEX.formatHex(proof.headerLeaf()));
        f.put("state_root", "0x" + HEX.formatHex(proof.stateRoot()));
        return f;
    }

    /** {@link #fields} as one line of JSON. */
    public static String toJson(PageProof proof) {
        try {
            return JSON.writeValueAsString(fields(proof));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Finds the proof in what {@code audit --page} printed and a user saved: a proof object alone,
     * the {@code --json} line holding it under {@code "proof"}, or the text output's
     * {@code proof: {...}} line.
     */
    public static PageProof find(List<String> lines) {
        for (String line : lines) {
            int brace = line.indexOf('{');
            if (brace < 0) {
                continue;
            }
            String json = line.substring(brace);
            JsonNode node;
            try {
                node = JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalArgumentException("page proof is not valid JSON: " + e.getMessage(), e);
            }
            if (node != null && node.isObject() && node.has("proof")) {
                return parse(node.get("proof").toString());
            }
            return parse(json);
        }
        throw new IllegalArgumentException("no JSON object in the file");
    }

    /** Parses {@link PageProof#toJson()}'s form; hex may carry a {@code 0x} prefix. Unknown fields are errors. */
    public static PageProof parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("page proof is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("page proof must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!name.equals("page") && !name.equals("flags") && !name.equals("content_hash")
                    && !name.equals("siblings") && !name.equals("header_leaf") && !name.equals("state_root")) {
                throw new IllegalArgumentException("unknown page proof field '" + name + "'");
            }
        }
        JsonNode content = required(root, "content_hash");
        JsonNode siblingList = required(root, "siblings");
        if (!siblingList.isArray()) {
            throw new IllegalArgumentException("siblings must be an array");
        }
        byte[][] siblings = new byte[siblingList.size()][];
        for (int k = 0; k < siblings.length; k++) {
            siblings[k] = hex(siblingList.get(k), "siblings[" + k + "]");
        }
        return new PageProof(integer(required(root, "page"), "page"),
                flags(required(root, "flags")),
                content.isNull() ? null : hex(content, "content_hash"),
                siblings,
                hex(required(root, "header_leaf"), "header_leaf"),
                hex(required(root, "state_root"), "state_root"));
    }

    private static JsonNode required(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null) {
            throw new IllegalArgumentException("page proof lacks '" + name + "'");
        }
        return node;
    }

    private static long integer(JsonNode node, String name) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return node.longValue();
    }

    private static int flags(JsonNode node) {
        long value = integer(node, "flags");
        if (value < 0 || value > StateRoot.STATE_FLAGS) {
            throw new IllegalArgumentException("flags must be 0..3, got " + value);
        }
        return (int) value;
    }

    private static byte[] hex(JsonNode node, String name) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(name + " must be a hex string");
        }
        String text = node.textValue();
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.length() != 2 * StateRoot.HASH_LENGTH) {
            throw new IllegalArgumentException(name + " must be 64 hex digits, got '" + text + "'");
        }
        return HEX.parseHex(digits);
    }
}
