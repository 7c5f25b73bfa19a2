package org.ckbvm.chain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Strict big-endian reading of the chain's canonical encodings: every length is checked against
 * the bytes present, and {@link #end} refuses trailing bytes, so a value has exactly one encoding
 * and a truncated or padded one is {@link MalformedException}.
 */
final class CanonicalReader {
    private final ByteBuffer in;
    private final String what;

    CanonicalReader(byte[] bytes, String what) {
        this.in = ByteBuffer.wrap(bytes);
        this.what = what;
    }

    /** A value that is not a canonical encoding. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private void need(long n) throws MalformedException {
        if (n < 0 || n > in.remaining()) {
            throw new MalformedException(what + ": needs " + n + " more bytes at offset " + in.position()
                    + ", has " + in.remaining());
        }
    }

    int u8() throws MalformedException {
        need(1);
        return in.get() & 0xff;
    }

    int u32() throws MalformedException {
        need(4);
        int v = in.getInt();
        if (v < 0) {
            throw new MalformedException(what + ": count " + Integer.toUnsignedString(v) + " is out of range");
        }
        return v;
    }

    int i32() throws MalformedException {
        need(4);
        return in.getInt();
    }

    long u64() throws MalformedException {
        need(8);
        return in.getLong();
    }

    byte[] fixed(int n) throws MalformedException {
        need(n);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /** u32 length, then that many bytes. */
    byte[] bytes() throws MalformedException {
        return fixed(u32());
    }

    /** u8 length, then that many ASCII bytes. */
    String ascii() throws MalformedException {
        return new String(fixed(u8()), StandardCharsets.US_ASCII);
    }

    /** A u32 count that cannot describe more items of {@code itemBytes} than the bytes left. */
    int count(int itemBytes) throws MalformedException {
        int n = u32();
        need((long) n * itemBytes);
        return n;
    }

    void end() throws MalformedException {
        if (in.hasRemaining()) {
            throw new MalformedException(what + ": " + in.remaining() + " trailing bytes");
        }
    }
}
