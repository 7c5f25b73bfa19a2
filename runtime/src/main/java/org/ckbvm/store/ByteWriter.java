package org.ckbvm.store;

import java.util.Arrays;

/**
 * Appends big-endian integers and raw bytes to a growing array: the one way this package writes
 * its fixed binary layouts (STORE_FORMAT.md), so that every layout is spelled the same way.
 */
final class ByteWriter {
    private byte[] buffer;
    private int size;

    ByteWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    ByteWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    ByteWriter u16(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    ByteWriter u32(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    ByteWriter u64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    ByteWriter bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    ByteWriter bytes(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, buffer, size, length);
        size += length;
        return this;
    }

    int size() {
        return size;
    }

    /** The bytes written so far (a copy sized exactly). */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** The internal buffer; only the first {@link #size()} bytes are meaningful. */
    byte[] buffer() {
        return buffer;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("value too large: " + wanted + " bytes");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
