package org.ckbvm.store;

/**
 * Reads what {@link ByteWriter} wrote, refusing to read past the end: every length a caller acts
 * on is checked against the bytes actually present first, so a corrupt value can never make the
 * store allocate more than the value's own size.
 */
final class ByteReader {
    private final byte[] bytes;
    private final int end;
    private int position;

    ByteReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    ByteReader(byte[] bytes, int offset, int end) {
        this.bytes = bytes;
        this.position = offset;
        this.end = end;
    }

    int u8() throws FormatException {
        need(1, "u8");
        return bytes[position++] & 0xff;
    }

    int u16() throws FormatException {
        need(2, "u16");
        int v = ((bytes[position] & 0xff) << 8) | (bytes[position + 1] & 0xff);
        position += 2;
        return v;
    }

    int u32() throws FormatException {
        need(4, "u32");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (bytes[position++] & 0xff);
        }
        return v;
    }

    long u64() throws FormatException {
        need(8, "u64");
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[position++] & 0xff);
        }
        return v;
    }

    /** A count of items each at least {@code itemSize} bytes long, checked against what remains. */
    int count(String what, int itemSize) throws FormatException {
        int n = u32();
        if (n < 0 || (long) n * itemSize > remaining()) {
            throw new FormatException(what + " count " + Integer.toUnsignedString(n) + " exceeds the "
                    + remaining() + " bytes left");
        }
        return n;
    }

    byte[] bytes(int length, String what) throws FormatException {
        if (length < 0) {
            throw new FormatException(what + " has negative length " + length);
        }
        need(length, what);
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    void requireEnd(String what) throws FormatException {
        if (position != end) {
            throw new FormatException(what + " has " + (end - position) + " trailing bytes");
        }
    }

    private void need(int n, String what) throws FormatException {
        if (end - position < n) {
            throw new FormatException("truncated: " + what + " needs " + n + " bytes at offset " + position
                    + ", " + (end - position) + " left");
        }
    }

    /** A value that does not follow its layout. Checked, cheap (no stack trace): callers report it. */
    static final class FormatException extends Exception {
        FormatException(String message) {
            super(message, null, false, false);
        }
    }
}
