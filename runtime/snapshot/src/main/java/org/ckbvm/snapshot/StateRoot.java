package org.ckbvm.snapshot;

import java.util.Arrays;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;

/**
 * The state-root definition of {@code testvectors/STATE_ROOT.md}, as plain functions: each one is
 * one formula of that document, so an auditor can read them side by side. {@link StateRootTree}
 * keeps the page tree up to date cheaply; these are the reference it must agree with, and what
 * {@link PageProof#verify} uses.
 *
 * <p>H is Blake2b-256 with personalization {@code ckb-default-hash}; integers are little-endian;
 * every hash input starts with a one-byte tag so that a header, a page leaf, an inner node and the
 * root can never be mistaken for one another.
 */
public final class StateRoot {
    public static final int HASH_LENGTH = CkbHash.LENGTH;
    /** The flag bits that are state: FREEZED | EXECUTABLE. DIRTY is bookkeeping and never hashed. */
    public static final int STATE_FLAGS = Memory.FLAG_FREEZED | Memory.FLAG_EXECUTABLE;

    static final byte TAG_HEADER = 0x00;
    static final byte TAG_PAGE = 0x01;
    static final byte TAG_NODE = 0x02;
    static final byte TAG_ROOT = 0x03;

    /** tag, u32 version, u32 isa, u64 memory size, 32 x u64 registers, u64 pc, cycles, lr. */
    static final int HEADER_LENGTH = 1 + 4 + 4 + 8 + 32 * 8 + 8 + 8 + 8;
    /** tag, u64 page index, u8 flags, content hash. */
    static final int PAGE_LEAF_INPUT_LENGTH = 1 + 8 + 1 + HASH_LENGTH;

    /** The deepest page tree a memory of {@link Memory#MAX_SIZE} needs. */
    public static final int MAX_MEMORY_DEPTH = depth(Memory.MAX_SIZE >>> Memory.PAGE_SHIFT);

    /** {@code EMPTY_SUBTREE[k]}: the root of a subtree of height k whose leaves are all EMPTY. */
    private static final byte[][] EMPTY_SUBTREE = new byte[MAX_MEMORY_DEPTH + 1][];
    /** H(4096 zero bytes): the content hash of a zero page that is present through its flags. */
    private static final byte[] ZERO_PAGE_HASH = CkbHash.hash(new byte[Memory.PAGE_SIZE]);

    static {
        EMPTY_SUBTREE[0] = new byte[HASH_LENGTH];
        for (int k = 1; k < EMPTY_SUBTREE.length; k++) {
            EMPTY_SUBTREE[k] = node(EMPTY_SUBTREE[k - 1], EMPTY_SUBTREE[k - 1]);
        }
    }

    private StateRoot() {}

    /** d = ceil(log2(pageCount)), at least 1. */
    public static int depth(long pageCount) {
        if (pageCount <= 0) {
            throw new IllegalArgumentException("page count must be positive, got " + pageCount);
        }
        return pageCount <= 2 ? 1 : 64 - Long.numberOfLeadingZeros(pageCount - 1);
    }

    /** A page is present iff its bytes are not all zero or it has FREEZED or EXECUTABLE set. */
    public static boolean isPresent(int flags, byte[] content) {
        checkPage(content);
        return (flags & STATE_FLAGS) != 0 || !isZero(content);
    }

    /** H(content) of one 4096-byte page. */
    public static byte[] contentHash(byte[] content) {
        checkPage(content);
        return isZero(content) ? ZERO_PAGE_HASH.clone() : CkbHash.hash(content);
    }

    /** H(0x01 || u64(index) || u8(flags &amp; 0b011) || contentHash) of a present page. */
    public static byte[] pageLeaf(long index, int flags, byte[] contentHash) {
        checkHash(contentHash, "content hash");
        byte[] input = new byte[PAGE_LEAF_INPUT_LENGTH];
        encodePageLeafInput(input, index, flags, contentHash, 0);
        return CkbHash.hash(input);
    }

    /** The leaf of page {@code index} given its flags and 4096 bytes: EMPTY if the page is absent. */
    public static byte[] leafOfPage(long index, int flags, byte[] content) {
        return isPresent(flags, content) ? pageLeaf(index, flags, contentHash(content)) : emptyLeaf();
    }

    /** EMPTY: the leaf of an absent page, and of every index at or past the page count. */
    public static byte[] emptyLeaf() {
        return new byte[HASH_LENGTH];
    }

    /** H(0x02 || left || right). */
    public static byte[] node(byte[] left, byte[] right) {
        checkHash(left, "left");
        checkHash(right, "right");
        Blake2bDigest digest = CkbHash.newDigest();
        digest.update(TAG_NODE);
        digest.update(left, 0, HASH_LENGTH);
        digest.update(right, 0, HASH_LENGTH);
        return CkbHash.finish(digest);
    }

    /** The root of an all-EMPTY subtree of height {@code level} (level 0 is EMPTY itself). */
    public static byte[] emptySubtree(int level) {
        return emptySubtreeView(level).clone();
    }

    static byte[] emptySubtreeView(int level) {
        if (level < 0 || level >= EMPTY_SUBTREE.length) {
            throw new IllegalArgumentException("empty subtree level out of range: " + level);
        }
        return EMPTY_SUBTREE[level];
    }

    static byte[] zeroPageHashView() {
        return ZERO_PAGE_HASH;
    }

    /** The header leaf of a live machine. */
    public static byte[] headerLeaf(Machine machine) {
        long[] registers = new long[32];
        for (int i = 0; i < 32; i++) {
            registers[i] = machine.register(i);
        }
        MachineConfig config = machine.config();
        return headerLeaf(config.version(), config.isa(), config.memorySize(), registers, machine.pc(),
                machine.cycles(), machine.loadReservation());
    }

    /**
     * The header leaf of a machine at rest, e.g. a {@link Snapshot}: its config plus its registers.
     * {@link MachineRegisters#maxCycles()} is a budget, not state, and is not hashed.
     */
    public static byte[] headerLeaf(MachineConfig config, MachineRegisters state) {
        return headerLeaf(config.version(), config.isa(), config.memorySize(), state.registers(), state.pc(),
                state.cycles(), state.loadReservation());
    }

    /**
     * H(0x00 || u32(machineVersion) || u32(isa) || u64(memorySize) || u64(x0) .. u64(x31) || u64(pc)
     * || u64(cycles) || u64(lr)). x0 must be 0: a state with another x0 is not a RISC-V state, and
     * hashing it as given would let two roots stand for machines that behave the same.
     */
    public static byte[] headerLeaf(int machineVersion, int isa, long memorySize, long[] registers, long pc,
                                    long cycles, long loadReservation) {
        if (registers.length != 32) {
            throw new IllegalArgumentException("32 registers expected, got " + registers.length);
        }
        if (registers[0] != 0) {
            throw new IllegalArgumentException("x0 must be 0, got " + registers[0]);
        }
        byte[] input = new byte[HEADER_LENGTH];
        input[0] = TAG_HEADER;
        putU32(input, 1, machineVersion);
        putU32(input, 5, isa);
        putU64(input, 9, memorySize);
        for (int i = 0; i < 32; i++) {
            putU64(input, 17 + 8 * i, registers[i]);
        }
        putU64(input, 17 + 256, pc);
        putU64(input, 17 + 264, cycles);
        putU64(input, 17 + 272, loadReservation);
        return CkbHash.hash(input);
    }

    /** stateRoot = H(0x03 || headerLeaf || pagesRoot). */
    public static byte[] stateRoot(byte[] headerLeaf, byte[] pagesRoot) {
        checkHash(headerLeaf, "header leaf");
        checkHash(pagesRoot, "pages root");
        Blake2bDigest digest = CkbHash.newDigest();
        digest.update(TAG_ROOT);
        digest.update(headerLeaf, 0, HASH_LENGTH);
        digest.update(pagesRoot, 0, HASH_LENGTH);
        return CkbHash.finish(digest);
    }

    // ---- shared encoders (the tree uses them with its own digest and buffers) --------------------

    static void encodePageLeafInput(byte[] out, long index, int flags, byte[] contentHash, int hashOffset) {
        out[0] = TAG_PAGE;
        putU64(out, 1, index);
        out[9] = (byte) (flags & STATE_FLAGS);
        System.arraycopy(contentHash, hashOffset, out, 10, HASH_LENGTH);
    }

    static void putU32(byte[] out, int offset, int value) {
        for (int i = 0; i < 4; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    static void putU64(byte[] out, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    static boolean isZero(byte[] content) {
        for (byte b : content) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkPage(byte[] content) {
        if (content.length != Memory.PAGE_SIZE) {
            throw new IllegalArgumentException("a page is " + Memory.PAGE_SIZE + " bytes, got " + content.length);
        }
    }

    static void checkHash(byte[] hash, String what) {
        if (hash == null || hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException(what + " must be " + HASH_LENGTH + " bytes, got "
                    + (hash == null ? "null" : hash.length));
        }
    }

    static boolean equalsAt(byte[] a, int aOffset, byte[] b, int bOffset) {
        return Arrays.equals(a, aOffset, aOffset + HASH_LENGTH, b, bOffset, bOffset + HASH_LENGTH);
    }
}
