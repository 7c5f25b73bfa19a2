package org.ckbvm.snapshot;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;


import org.ckbvm.memory.Memory;

/**
 * Proof that page {@code page} of a machine has the given flags and content hash (or is absent)
 * under {@code stateRoot} ({@code testvectors/STATE_ROOT.md}, "Page proofs"). It carries all an
 * auditor needs besides the page itself: verifying uses only the formulas of {@link StateRoot}.
 *
 * @param page        the page index i
 * @param flags       the page's flags &amp; 0b011 (FREEZED | EXECUTABLE); 0 for an absent page
 * @param contentHash H(content) of a present page, {@code null} for an absent one
 * @param siblings    the d sibling hashes on the path from leaf i to the pages root, leaf level first
 * @param headerLeaf  the machine's header leaf
 * @param stateRoot   the state root the proof claims
 */
public record PageProof(long page, int flags, byte[] contentHash, byte[][] siblings, byte[] headerLeaf,
                        byte[] stateRoot) {

    /** A tree deeper than this would need indices past u64; no memory comes near (1 GiB: 18). */
    public static final int MAX_DEPTH = 63;

    private static final HexFormat HEX = HexFormat.of();

    /** Checks shapes only (lengths, ranges); whether the claim holds is {@link #verify}'s job. */
    public PageProof {
        if (page < 0) {
            throw new IllegalArgumentException("page index must be non-negative, got " + page);
        }
        if ((flags & ~StateRoot.STATE_FLAGS) != 0) {
            throw new IllegalArgumentException("proof flags are FREEZED|EXECUTABLE bits only, got " + flags);
        }
        if (contentHash != null) {
            StateRoot.checkHash(contentHash, "content hash");
            contentHash = contentHash.clone();
        }
        if (siblings.length < 1 || siblings.length > MAX_DEPTH) {
            throw new IllegalArgumentException("1.." + MAX_DEPTH + " siblings expected, got " + siblings.length);
        }
        siblings = deepCopy(siblings);
        StateRoot.checkHash(headerLeaf, "header leaf");
        headerLeaf = headerLeaf.clone();
        StateRoot.checkHash(stateRoot, "state root");
        stateRoot = stateRoot.clone();
    }

    public boolean present() {
        return contentHash != null;
    }

    /** d, the depth of the page tree. */
    public int depth() {
        return siblings.length;
    }

    @Override
    public byte[] contentHash() {
        return contentHash == null ? null : contentHash.clone();
    }

    @Override
    public byte[][] siblings() {
        return deepCopy(siblings);
    }

    @Override
    public byte[] headerLeaf() {
        return headerLeaf.clone();
    }

    @Override
    public byte[] stateRoot() {
        return stateRoot.clone();
    }

    // ---- verification ------------------------------------------------------------------------

    /**
     * Whether the proof is internally consistent: recomputing the leaf (or EMPTY), folding the
     * siblings by the bits of the index and hashing with the header leaf gives {@link #stateRoot}.
     * Whether that root is the right one is for the caller: see {@link #verify(PageProof, byte[])}.
     */
    public static boolean verify(PageProof proof) {
        int d = proof.siblings.length;
        if ((proof.page >>> d) != 0) {
            return false; // the index does not fit the tree: its high bits would be ignored
        }
        byte[] current;
        if (proof.contentHash == null) {
            if (proof.flags != 0) {
                return false; // a page with FREEZED or EXECUTABLE is present by definition
            }
            current = StateRoot.emptyLeaf();
        } else {
            if (proof.flags == 0 && Arrays.equals(proof.contentHash, StateRoot.zeroPageHashView())) {
                return false; // a zero page without flags is absent by definition
            }
            current = StateRoot.pageLeaf(proof.page, proof.flags, proof.contentHash);
        }
        for (int k = 0; k < d; k++) {
            current = ((proof.page >>> k) & 1) == 0
                    ? StateRoot.node(current, proof.siblings[k])
                    : StateRoot.node(proof.siblings[k], current);
        }
        return MessageDigest.isEqual(StateRoot.stateRoot(proof.headerLeaf, current), proof.stateRoot);
    }

    /** {@link #verify(PageProof)}, and the proof's root is {@code trustedStateRoot}. */
    public static boolean verify(PageProof proof, byte[] trustedStateRoot) {
        return trustedStateRoot != null && MessageDigest.isEqual(proof.stateRoot, trustedStateRoot)
                && verify(proof);
    }

    /**
     * The auditor's check: page {@code proof.page()} has flag byte {@code flags} (DIRTY ignored) and
     * these 4096 bytes in the machine whose state root is {@code trustedStateRoot}. Works for absent
     * pages too (all zero, no FREEZED or EXECUTABLE).
     */
    public static boolean verifyPage(PageProof proof, int flags, byte[] content, byte[] trustedStateRoot) {
        if (content == null || content.length != Memory.PAGE_SIZE) {
            return false;
        }
        if ((flags & StateRoot.STATE_FLAGS) != proof.flags) {
            return false;
        }
        boolean present = StateRoot.isPresent(flags, content);
        if (present != proof.present()) {
            return false;
        }
        if (present && !MessageDigest.isEqual(StateRoot.contentHash(content), proof.contentHash)) {
            return false;
        }
        return verify(proof, trustedStateRoot);
    }

    // ---- text form -----------------------------------------------------------------------------

    /**
     * One line of JSON ({@code org.ckbvm.audit.PageProofJson} parses it), fields in this order, hashes as 64 lowercase hex digits:
     * {@code {"page":N,"flags":N,"content_hash":"..."|null,"siblings":["..",..],"header_leaf":"..","state_root":".."}}.
     */
    public String toJson() {
        StringBuilder out = new StringBuilder(160 + 67 * siblings.length);
        out.append("{\"page\":").append(page)
                .append(",\"flags\":").append(flags)
                .append(",\"content_hash\":");
        if (contentHash == null) {
            out.append("null");
        } else {
            quoteHex(out, contentHash);
        }
        out.append(",\"siblings\":[");
        for (int k = 0; k < siblings.length; k++) {
            if (k > 0) {
                out.append(',');
            }
            quoteHex(out, siblings[k]);
        }
        out.append("],\"header_leaf\":");
        quoteHex(out, headerLeaf);
        out.append(",\"state_root\":");
        quoteHex(out, stateRoot);
        return out.append('}').toString();
    }

    private static void quoteHex(StringBuilder out, byte[] bytes) {
        out.append('"');
        HEX.formatHex(out, bytes);
        out.append('"');
    }

    // ---- value semantics -----------------------------------------------------------------------

    private static byte[][] deepCopy(byte[][] hashes) {
        byte[][] copy = new byte[hashes.length][];
        for (int k = 0; k < hashes.length; k++) {
            StateRoot.checkHash(hashes[k], "sibling " + k);
            copy[k] = hashes[k].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageProof p && page == p.page && flags == p.flags
                && Arrays.equals(contentHash, p.contentHash) && Arrays.deepEquals(siblings, p.siblings)
                && Arrays.equals(headerLeaf, p.headerLeaf) && Arrays.equals(stateRoot, p.stateRoot);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(page) * 31 + flags * 17 + Arrays.hashCode(contentHash) * 7
                + Arrays.deepHashCode(siblings) + Arrays.hashCode(stateRoot);
    }

    @Override
    public String toString() {
        return "PageProof" + toJson();
    }
}
