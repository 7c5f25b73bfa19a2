package org.ckbvm.syscall;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The script a contract reads with {@code load_script}: CKB's Molecule {@code Script} table
 * <pre>
 * table Script { code_hash: Byte32, hash_type: byte, args: Bytes }
 *   = u32 total_size, u32 offset(code_hash) = 16, u32 offset(hash_type) = 48, u32 offset(args) = 49,
 *     code_hash (32 bytes), hash_type (1 byte), args as u32 length + bytes      (all u32 little-endian)
 * </pre>
 * with {@code code_hash} the code's source id, {@code hash_type} 2 ("data2": code named by the
 * hash of its data, run on VM version 2), and {@code args} the call's arguments, each as a
 * little-endian u32 length followed by its bytes.
 */
public final class ScriptLayout {
    public static final byte HASH_TYPE_DATA2 = 2;

    private ScriptLayout() {}

    public static byte[] encode(byte[] codeHash, List<byte[]> args) {
        int argsLength = args.stream().mapToInt(a -> 4 + a.length).sum();
        int total = 16 + 32 + 1 + 4 + argsLength;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(total).putInt(16).putInt(48).putInt(49);
        b.put(codeHash).put(HASH_TYPE_DATA2).putInt(argsLength);
        for (byte[] arg : args) {
            b.putInt(arg.length).put(arg);
        }
        return b.array();
    }
}
