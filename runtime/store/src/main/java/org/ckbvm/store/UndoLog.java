package org.ckbvm.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The undo data of one block: every key it changed with the value before (absent = the key did
 * not exist). Encoding: {@code u32 n, n x (u8 family ordinal, u32 key length, key, u8 present,
 * [u32 value length, value])}.
 */
final class UndoLog {
    record Entry(ChainStore.Family family, byte[] key, byte[] previous) {}

    private final List<Entry> entries = new ArrayList<>();

    void add(ChainStore.Family family, byte[] key, byte[] previous) {
        entries.add(new Entry(family, key, previous));
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(entries.size()).array());
        for (Entry e : entries) {
            out.write(e.family().ordinal());
            out.writeBytes(ByteBuffer.allocate(4).putInt(e.key().length).array());
            out.writeBytes(e.key());
            out.write(e.previous() == null ? 0 : 1);
            if (e.previous() != null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(e.previous().length).array());
                out.writeBytes(e.previous());
            }
        }
        return out.toByteArray();
    }

    static List<Entry> decode(long block, byte[] bytes) throws StoreException {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int n = in.getInt();
            List<Entry> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int family = in.get();
                byte[] key = new byte[in.getInt()];
                in.get(key);
                int present = in.get();
                byte[] previous = null;
                if (present == 1) {
                    previous = new byte[in.getInt()];
                    in.get(previous);
                } else if (present != 0) {
                    throw new IllegalArgumentException("bad presence byte " + present);
                }
                out.add(new Entry(ChainStore.Family.values()[family], key, previous));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes");
            }
            return out;
        } catch (RuntimeException e) {
            throw new StoreException(new StoreError.CorruptChainState("undo", Long.toHexString(block),
                    "unreadable undo data: " + e));
        }
    }
}
