package org.ckbvm.store;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * The strictness SnapshotCodec applies to snapshots, for the store's own protobuf messages
 * ({@code proto/src/main/proto/store.proto}): no unknown field anywhere, and only the exact bytes
 * deterministic serialization writes for the decoded value. So one value has one encoding, and a
 * CRC or hash over it is deterministic.
 */
final class StrictProto {
    private StrictProto() {}

    /** The deterministic encoding of {@code message}. */
    static byte[] serialize(Message message) {
        return org.ckbvm.snapshot.SnapshotCodec.deterministicBytes(message);
    }

    /** Refuses unknown fields (in nested messages too) and bytes that are not the canonical encoding. */
    static void requireCanonical(Message message, byte[] bytes, String what) throws StoreFormatException {
        requireNoUnknownFields(message, what);
        int mismatch = Arrays.mismatch(serialize(message), bytes);
        if (mismatch >= 0) {
            throw new StoreFormatException(what + " is not canonically encoded (differs at byte " + mismatch + ")");
        }
    }

    private static void requireNoUnknownFields(Message message, String where) throws StoreFormatException {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw new StoreFormatException(where + " has unknown fields " + message.getUnknownFields().asMap().keySet());
        }
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            if (e.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String name = where + "." + e.getKey().getName();
            if (e.getKey().isRepeated()) {
                List<?> list = (List<?>) e.getValue();
                for (int i = 0; i < list.size(); i++) {
                    requireNoUnknownFields((Message) list.get(i), name + "[" + i + "]");
                }
            } else {
                requireNoUnknownFields((Message) e.getValue(), name);
            }
        }
    }

    /** A byte field of exactly {@code length} bytes. */
    static byte[] exactly(ByteString value, int length, String what) throws StoreFormatException {
        if (value.size() != length) {
            throw new StoreFormatException(what + " of " + value.size() + " bytes, expected " + length);
        }
        return value.toByteArray();
    }
}
