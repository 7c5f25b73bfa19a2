package org.ckbvm.chain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian writing of the chain's canonical encodings; the counterpart of {@link CanonicalReader}. */
final class CanonicalWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    CanonicalWriter u8(int v) {
        out.write(v);
        return this;
    }

    CanonicalWriter u32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    CanonicalWriter u64(long v) {
        for (int s = 56; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
        return this;
    }

    CanonicalWriter fixed(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    CanonicalWriter bytes(byte[] b) {
        return u32(b.length).fixed(b);
    }

    CanonicalWriter ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length > 255) {
            throw new IllegalArgumentException("ASCII field longer than 255 bytes");
        }
        return u8(b.length).fixed(b);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
