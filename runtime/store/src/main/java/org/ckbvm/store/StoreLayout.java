package org.ckbvm.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.ckbvm.plugin.api.TxHash;

/**
 * Names, keys and small values of the store's on-disk layout (format version
 * {@link #FORMAT_VERSION}); {@code STORE_FORMAT.md} beside this file is the specification.
 */
final class StoreLayout {
    /** The store format this build writes and reads. Any other value is refused at open. */
    static final int FORMAT_VERSION = 2;

    /** The column families, each with one job. {@code default} exists (RocksDB requires it) and stays empty. */
    enum Family {
        /** {@code format} (magic + version) and {@code live_bytes} (u64 little-endian, merged with uint64add). */
        META("meta", 1),
        /** tx hash (32) -> {@link ExecutionRecord} ({@link RecordCodec}). */
        EXECUTIONS("executions", 2),
        /** page content hash (32) -> the page's 4096 bytes. */
        PAGES("pages", 3),
        /** page hash (32) || tx hash (32) -> empty: "execution tx references page". */
        PAGE_REFS("page_refs", 4),
        /** source id (32) -> the blob. */
        BLOBS("blobs", 5),
        /** source id (32) || tx hash (32) -> empty: "execution tx references blob". */
        BLOB_REFS("blob_refs", 6),
        /** family code (1) || original key || u64 sequence -> a {@link #quarantineValue}. */
        QUARANTINE("quarantine", 7),
        /** tx hash (32) -> empty: a transaction that was executed (replay protection for the plugin). */
        EXECUTED("executed", 8);

        final String cfName;
        final int code;

        Family(String cfName, int code) {
            this.cfName = cfName;
            this.code = code;
        }

        byte[] nameBytes() {
            return cfName.getBytes(StandardCharsets.US_ASCII);
        }

        /** Whether entries of this family count towards live bytes (and so the store-size limit). */
        boolean counted() {
            return this != META && this != QUARANTINE;
        }
    }

    /**
     * The plain file beside the RocksDB files that repeats the format version, read before RocksDB
     * opens anything: a newer store is refused without letting this build's RocksDB rewrite its
     * OPTIONS or MANIFEST files (or fail on column-family options it does not know).
     */
    static final String VERSION_FILE = "CKBVM_STORE_FORMAT";

    static String versionFileText(int version) {
        return "ckbvm-store " + version + "\n";
    }

    /** The version in the version file's text, or a StoreFormatException. */
    static long parseVersionFile(String text) throws StoreFormatException {
        String t = text.strip();
        if (!t.startsWith("ckbvm-store ")) {
            throw new StoreFormatException(VERSION_FILE + " does not say 'ckbvm-store <version>'");
        }
        try {
            return Long.parseUnsignedLong(t.substring("ckbvm-store ".length()));
        } catch (NumberFormatException e) {
            throw new StoreFormatException(VERSION_FILE + " has no version number");
        }
    }

    static final byte[] META_FORMAT = ascii("format");
    static final byte[] META_LIVE_BYTES = ascii("live_bytes");
    private static final byte[] FORMAT_MAGIC = ascii("ckbvm-store");

    private StoreLayout() {}

    static byte[] formatValue(int version) {
        return ByteBuffer.allocate(FORMAT_MAGIC.length + 4).put(FORMAT_MAGIC).putInt(version).array();
    }

    /** The version in a format entry, or a StoreFormatException if the entry is not ours. */
    static long parseFormat(byte[] value) throws StoreFormatException {
        if (value.length != FORMAT_MAGIC.length + 4
                || !Arrays.equals(value, 0, FORMAT_MAGIC.length, FORMAT_MAGIC, 0, FORMAT_MAGIC.length)) {
            throw new StoreFormatException("format entry is not 'ckbvm-store' followed by a u32 version");
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(value, FORMAT_MAGIC.length, 4).getInt());
    }

    /** A reference key: content || tx. Sorted by content, so "is it still referenced" is one seek. */
    static byte[] refKey(ContentKey content, TxHash tx) {
        byte[] key = new byte[64];
        System.arraycopy(content.hash(), 0, key, 0, 32);
        System.arraycopy(tx.bytes(), 0, key, 32, 32);
        return key;
    }

    static ContentKey refContent(byte[] key) {
        return new ContentKey(Arrays.copyOfRange(key, 0, 32));
    }

    static TxHash refTx(byte[] key) {
        return TxHash.of(Arrays.copyOfRange(key, 32, 64));
    }

    /** u64 little-endian: the operand format of RocksDB's uint64add merge operator. */
    static byte[] le64(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    static long fromLe64(byte[] value) throws StoreFormatException {
        if (value.length != 8) {
            throw new StoreFormatException("counter of " + value.length + " bytes, expected 8");
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (value[i] & 0xff);
        }
        return v;
    }

    static byte[] quarantineKey(Family family, byte[] key, long sequence) {
        return ByteBuffer.allocate(key.length + 9).put((byte) family.code).put(key).putLong(sequence).array();
    }

    /** u8 version (1), u16 reason length, reason (UTF-8), the original value. */
    static byte[] quarantineValue(String reason, byte[] value) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 0xffff);
        return ByteBuffer.allocate(3 + length + value.length).put((byte) 1).putShort((short) length).put(text, 0, length)
                .put(value).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
