package org.ckbvm.transaction;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ContractRequest;
import org.ckbvm.plugin.api.SourceId;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.ckbvm.plugin.api.TxHash;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * The wire format of contract transactions (RLP, web3j) and their secp256k1 signatures.
 *
 * <pre>
 * unsigned = [kind, chainId, nonce, body...]
 *   kind 1 Call:   body = code (32 bytes), [arg...], [source id (32 bytes)...], cycleBudget, [controller (20 bytes)...]
 *   kind 2 Resume: body = execution (32 bytes), cycleBudget
 *   kind 3 Cancel: body = execution (32 bytes)
 * signing hash = Keccak-256(RLP(unsigned))
 * signed  = RLP([kind, chainId, nonce, body..., recoveryId (0|1), r (32 bytes), s (32 bytes)])
 * tx hash = Keccak-256(signed)
 * sender  = last 20 bytes of Keccak-256 of the public key recovered from (hash, recoveryId, r, s)
 * </pre>
 * Integers are RLP scalars (big-endian, no leading zeros, 0 = empty string), at most 8 bytes.
 * Decoding is strict, so every transaction has exactly one encoding and one hash: the bytes must
 * re-encode identically (no leading zeros, no trailing data) and {@code s} must be in the lower
 * half of the curve order (no malleable twin signature).
 */
public final class ContractTransactions {
    static final int KIND_CALL = 1;
    static final int KIND_RESUME = 2;
    static final int KIND_CANCEL = 3;
    private static final BigInteger HALF_ORDER = Sign.CURVE_PARAMS.getN().shiftRight(1);

    private ContractTransactions() {}

    /** The transaction signed with {@code key}: its wire bytes. */
    public static byte[] sign(TransactionDraft draft, ECKeyPair key) {
        List<RlpType> fields = unsignedFields(draft);
        byte[] hash = keccak256(RlpEncoder.encode(new RlpList(fields)));
        Sign.SignatureData signature = Sign.signMessage(hash, key, false);
        List<RlpType> signed = new ArrayList<>(fields);
        signed.add(RlpString.create(signature.getV()[0] - 27));
        signed.add(RlpString.create(signature.getR()));
        signed.add(RlpString.create(signature.getS()));
        return RlpEncoder.encode(new RlpList(signed));
    }

    /** The address of a key pair, as senders are recovered. */
    public static Address address(ECKeyPair key) {
        return addressOf(key.getPublicKey());
    }

    /**
     * The Ethereum address of a public key: the last 20 bytes of Keccak-256 of its 64 bytes (what
     * web3j's {@code Keys.getAddress} computes; {@code Keys} is not used because its class
     * initializer registers a Bouncy Castle security provider in the host's JVM).
     */
    private static Address addressOf(BigInteger publicKey) {
        return Address.of(Arrays.copyOfRange(keccak256(Numeric.toBytesPadded(publicKey, 64)), 12, 32));
    }

    /**
     * Keccak-256 (Ethereum's, not SHA3-256) through Bouncy Castle's lightweight API: web3j's
     * {@code Hash.sha3} goes through the JCA provider classes, which the drop-in jar leaves out.
     */
    static byte[] keccak256(byte[] data) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    /** The transaction hash: Keccak-256 of the signed bytes. */
    public static TxHash hash(byte[] signed) {
        return TxHash.of(keccak256(signed));
    }

    /**
     * Decodes and checks a signed transaction.
     *
     * @throws InvalidTransactionException for any malformed, non-canonical or badly signed input
     */
    public static ContractRequest decode(byte[] signed) throws InvalidTransactionException {
        try {
            return decodeChecked(signed);
        } catch (InvalidTransactionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidTransactionException("malformed RLP: " + e.getMessage());
        }
    }

    private static ContractRequest decodeChecked(byte[] signed) throws InvalidTransactionException {
        checkShape(signed);
        RlpList outer = RlpDecoder.decode(signed);
        if (outer.getValues().size() != 1 || !(outer.getValues().get(0) instanceof RlpList list)) {
            throw new InvalidTransactionException("not one RLP list");
        }
        if (!Arrays.equals(RlpEncoder.encode(list), signed)) {
            throw new InvalidTransactionException("non-canonical encoding");
        }
        List<RlpType> f = list.getValues();
        if (f.size() < 6) {
            throw new InvalidTransactionException("too few fields");
        }
        int kind = (int) scalar(f.get(0), "kind");
        int expectedSize = switch (kind) {
            case KIND_CALL -> 3 + 5 + 3;
            case KIND_RESUME -> 3 + 2 + 3;
            case KIND_CANCEL -> 3 + 1 + 3;
            default -> throw new InvalidTransactionException("unknown kind " + kind);
        };
        if (f.size() != expectedSize) {
            throw new InvalidTransactionException("kind " + kind + " has " + f.size() + " fields, expected " + expectedSize);
        }
        long chainId = scalar(f.get(1), "chain id");
        long nonce = scalar(f.get(2), "nonce");
        long recoveryId = scalar(f.get(f.size() - 3), "recovery id");
        byte[] r = bytes(f.get(f.size() - 2), 32, "r");
        byte[] s = bytes(f.get(f.size() - 1), 32, "s");
        if (recoveryId > 1) {
            throw new InvalidTransactionException("recovery id must be 0 or 1");
        }
        BigInteger sValue = new BigInteger(1, s);
        if (sValue.signum() == 0 || sValue.compareTo(HALF_ORDER) > 0 || new BigInteger(1, r).signum() == 0) {
            throw new InvalidTransactionException("signature is not canonical (zero r/s or high s)");
        }
        byte[] signingHash = keccak256(RlpEncoder.encode(new RlpList(f.subList(0, f.size() - 3))));
        Address sender;
        try {
            BigInteger publicKey = Sign.signedMessageHashToKey(signingHash,
                    new Sign.SignatureData((byte) (27 + recoveryId), r, s));
            sender = addressOf(publicKey);
        } catch (SignatureException | RuntimeException e) {
            throw new InvalidTransactionException("signature does not recover a key");
        }
        TxHash txHash = hash(signed);
        switch (kind) {
            case KIND_CALL: {
                SourceId code = SourceId.of(bytes(f.get(3), 32, "code"));
                List<byte[]> args = new ArrayList<>();
                for (RlpType a : list(f.get(4), "args")) {
                    args.add(bytes(a, -1, "arg"));
                }
                List<SourceId> sources = new ArrayList<>();
                for (RlpType a : list(f.get(5), "sources")) {
                    sources.add(SourceId.of(bytes(a, 32, "source id")));
                }
                long budget = scalar(f.get(6), "cycle budget");
                List<Address> controllers = new ArrayList<>();
                for (RlpType a : list(f.get(7), "controllers")) {
                    controllers.add(Address.of(bytes(a, 20, "controller")));
                }
                return new ContractRequest.Call(txHash, sender, chainId, nonce, code, args, sources, budget, controllers);
            }
            case KIND_RESUME:
                return new ContractRequest.Resume(txHash, sender, chainId, nonce,
                        TxHash.of(bytes(f.get(3), 32, "execution")), scalar(f.get(4), "cycle budget"));
            default:
                return new ContractRequest.Cancel(txHash, sender, chainId, nonce,
                        TxHash.of(bytes(f.get(3), 32, "execution")));
        }
    }

    /** Deepest list nesting accepted before web3j sees the bytes; a transaction needs 2. */
    static final int MAX_RLP_DEPTH = 4;

    /**
     * Walks the RLP item headers without recursion: every declared length must fit inside its
     * enclosing list (or the input), and lists may nest at most {@link #MAX_RLP_DEPTH} deep.
     * web3j's {@code RlpDecoder} recurses once per level, so a deeply nested input would otherwise
     * end in a {@link StackOverflowError} (found by {@code HostileTransactionsTest}).
     */
    static void checkShape(byte[] b) throws InvalidTransactionException {
        int[] ends = new int[MAX_RLP_DEPTH + 1];
        int depth = 0;
        ends[0] = b.length;
        int pos = 0;
        while (pos < b.length) {
            int prefix = b[pos] & 0xff;
            boolean list = prefix >= 0xc0;
            long header;
            long payload;
            if (prefix < 0x80) {
                header = 1;
                payload = 0;
            } else if (prefix <= 0xb7 || (prefix >= 0xc0 && prefix <= 0xf7)) {
                header = 1;
                payload = prefix - (list ? 0xc0 : 0x80);
            } else {
                int n = prefix - (list ? 0xf7 : 0xb7);
                header = 1 + n;
                if (pos + header > b.length) {
                    throw new InvalidTransactionException("malformed RLP: truncated length at " + pos);
                }
                payload = 0;
                for (int i = 1; i <= n; i++) {
                    payload = payload << 8 | (b[pos + i] & 0xff);
                    if (payload > b.length) {
                        throw new InvalidTransactionException("malformed RLP: length past the end at " + pos);
                    }
                }
            }
            long end = pos + header + payload;
            if (end > ends[depth]) {
                throw new InvalidTransactionException("malformed RLP: item at " + pos + " runs past its enclosing item");
            }
            if (list) {
                if (depth == MAX_RLP_DEPTH) {
                    throw new InvalidTransactionException("RLP lists nested deeper than " + MAX_RLP_DEPTH);
                }
                ends[++depth] = (int) end;
                pos += (int) header;
            } else {
                pos = (int) end;
            }
            while (depth > 0 && pos == ends[depth]) {
                depth--;
            }
        }
    }

    private static List<RlpType> unsignedFields(TransactionDraft draft) {
        List<RlpType> f = new ArrayList<>();
        if (draft instanceof TransactionDraft.Call call) {
            f.add(RlpString.create(KIND_CALL));
            f.add(RlpString.create(call.chainId()));
            f.add(RlpString.create(call.nonce()));
            f.add(RlpString.create(call.code().bytes()));
            f.add(new RlpList(call.args().stream().map(a -> (RlpType) RlpString.create(a)).toList()));
            f.add(new RlpList(call.sources().stream().map(s -> (RlpType) RlpString.create(s.bytes())).toList()));
            f.add(RlpString.create(call.cycleBudget()));
            f.add(new RlpList(call.controllers().stream().map(c -> (RlpType) RlpString.create(c.bytes())).toList()));
        } else if (draft instanceof TransactionDraft.Resume resume) {
            f.add(RlpString.create(KIND_RESUME));
            f.add(RlpString.create(resume.chainId()));
            f.add(RlpString.create(resume.nonce()));
            f.add(RlpString.create(resume.execution().bytes()));
            f.add(RlpString.create(resume.cycleBudget()));
        } else {
            TransactionDraft.Cancel cancel = (TransactionDraft.Cancel) draft;
            f.add(RlpString.create(KIND_CANCEL));
            f.add(RlpString.create(cancel.chainId()));
            f.add(RlpString.create(cancel.nonce()));
            f.add(RlpString.create(cancel.execution().bytes()));
        }
        return f;
    }

    /** An unsigned scalar of at most 8 bytes; rejects negative-looking 8-byte values above u63. */
    private static long scalar(RlpType t, String name) throws InvalidTransactionException {
        byte[] b = bytes(t, -1, name);
        if (b.length > 8 || (b.length == 8 && b[0] < 0)) {
            throw new InvalidTransactionException(name + " is out of range");
        }
        long v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xff);
        }
        return v;
    }

    private static byte[] bytes(RlpType t, int length, String name) throws InvalidTransactionException {
        if (!(t instanceof RlpString s)) {
            throw new InvalidTransactionException(name + " must be a byte string");
        }
        byte[] b = s.getBytes();
        if (length >= 0 && b.length != length) {
            throw new InvalidTransactionException(name + " must be " + length + " bytes, got " + b.length);
        }
        return b;
    }

    private static List<RlpType> list(RlpType t, String name) throws InvalidTransactionException {
        if (!(t instanceof RlpList l)) {
            throw new InvalidTransactionException(name + " must be a list");
        }
        return l.getValues();
    }
}
