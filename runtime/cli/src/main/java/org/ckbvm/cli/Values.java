package org.ckbvm.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.Engine;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.TxHash;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The values options take, each parsed in one place with one description of what is expected.
 * The converters plug into picocli ({@code converter = ...}); a bad value becomes
 * {@code invalid value for OPTION: 'VALUE' (expected WHAT)} ({@link UsageException#message}),
 * whichever command it is given to. {@link #readFile} does the same for files read at run time.
 */
final class Values {
    private Values() {}

    /** A converter's refusal: only what is expected; the handler adds the option and the value. */
    static final class Expected extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        Expected(String expected) {
            super(expected);
        }
    }

    static final String CYCLES = "an unsigned 64-bit number, 0 to 18446744073709551615";
    static final String SIZE = "a size in bytes, e.g. 4096, 512KiB, 64MiB or 2G";
    static final String HASH = "64 hex digits, optionally with 0x";

    /** A u64 (cycles, a block height): a plain decimal number 0 to 2^64-1, kept as the long of the same bits. */
    static final class Unsigned64 implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            if (!value.matches("[0-9]{1,20}")) {
                throw new Expected(CYCLES);
            }
            try {
                return Long.parseUnsignedLong(value);
            } catch (NumberFormatException e) {
                throw new Expected(CYCLES);
            }
        }
    }

    /** A count that must be at least 0 and fit an int. */
    static final class Count implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return intAtLeast(value, 0);
        }
    }

    /** A count that must be at least 1 and fit an int. */
    static final class PositiveCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return intAtLeast(value, 1);
        }
    }

    /** A positive u63 (cycles per step, a budget). */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String expected = "a whole number from 1 to " + Long.MAX_VALUE;
            if (!value.matches("[0-9]{1,19}")) {
                throw new Expected(expected);
            }
            try {
                long n = Long.parseLong(value);
                if (n < 1) {
                    throw new Expected(expected);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new Expected(expected);
            }
        }
    }

    private static int intAtLeast(String value, int min) {
        String expected = "a whole number from " + min + " to " + Integer.MAX_VALUE;
        if (!value.matches("[0-9]{1,10}")) {
            throw new Expected(expected);
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min) {
                throw new Expected(expected);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Expected(expected);
        }
    }

    /** {@code --machine-version}: 0, 1 or 2. */
    static final class MachineVersion implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            switch (value) {
                case "0": return 0;
                case "1": return 1;
                case "2": return 2;
                default: throw new Expected("0, 1 or 2");
            }
        }
    }

    /** {@code --isa}: a comma list from imc,a,b,mop, or all; kept as given (IsaFlags parses it again). */
    static final class Isa implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                IsaFlags.parse(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new Expected("a comma list of imc, a, b, mop, or all");
            }
        }
    }

    /** {@code --cost-model}: ckb or unit. */
    static final class CostModelName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                CostModel.parse(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new Expected("ckb or unit");
            }
        }
    }

    /** {@code --engine}: interp, jit or auto. */
    static final class EngineName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Engine.parse(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new Expected("interp, jit or auto");
            }
        }
    }

    /** {@code --snapshot-kind}: v1 or v2. */
    static final class SnapshotKind implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("v1") && !v.equals("v2")) {
                throw new Expected("v1 or v2");
            }
            return v;
        }
    }

    /** A size in bytes with an optional K, M, G or T suffix (powers of 1024), e.g. 512MiB. */
    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return bytes(value);
        }
    }

    /** {@code --memory}: a size that is a positive multiple of 4096, at most the machine's maximum. */
    static final class MemorySize implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String expected = "a multiple of 4096 bytes from 4096 to " + Memory.MAX_SIZE + ", e.g. 4194304 or 4MiB";
            long n;
            try {
                n = bytes(value);
            } catch (Expected e) {
                throw new Expected(expected);
            }
            if (n <= 0 || n > Memory.MAX_SIZE || n % Memory.PAGE_SIZE != 0) {
                throw new Expected(expected);
            }
            return n;
        }
    }

    /** A transaction or execution hash: 32 bytes as 64 hex digits. */
    static final class Hash implements ITypeConverter<TxHash> {
        @Override
        public TxHash convert(String value) {
            return TxHash.of(hex32(value));
        }
    }

    /** A state or commitment root: 32 bytes given as 64 hex digits. */
    record Bytes32(byte[] bytes) {
        Bytes32 {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** A state or commitment root: 32 bytes as 64 hex digits. */
    static final class Root implements ITypeConverter<Bytes32> {
        @Override
        public Bytes32 convert(String value) {
            return new Bytes32(hex32(value));
        }
    }

    /** A sender's address: 20 bytes as 40 hex digits. */
    static final class AddressValue implements ITypeConverter<Address> {
        @Override
        public Address convert(String value) {
            String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
            if (!digits.matches("[0-9a-fA-F]{40}")) {
                throw new Expected("40 hex digits, optionally with 0x");
            }
            return Address.fromHex(digits.toLowerCase(Locale.ROOT));
        }
    }

    static byte[] hex32(String value) {
        String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
        if (!digits.matches("[0-9a-fA-F]{64}")) {
            throw new Expected(HASH);
        }
        return HexFormat.of().parseHex(digits.toLowerCase(Locale.ROOT));
    }

    /** Bytes: a plain number, or with K, M, G or T (powers of 1024), optionally followed by "iB" or "B". */
    static long bytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K': shift = 10; break;
                case 'M': shift = 20; break;
                case 'G': shift = 30; break;
                case 'T': shift = 40; break;
                default: break;
            }
        }
        if (shift > 0) {
            t = t.substring(0, t.length() - 1).trim();
        }
        if (!t.matches("[0-9]{1,19}")) {
            throw new Expected(SIZE);
        }
        try {
            long n = Long.parseLong(t);
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new Expected(SIZE);
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new Expected(SIZE);
        }
    }

    /**
     * Reads a file given as {@code option} (or a parameter label such as {@code ELF}); a path that
     * is missing, a folder or unreadable is a usage error naming the option and the path.
     */
    static byte[] readFile(String option, Path path) {
        checkReadableFile(option, path);
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw UsageException.badValue(option, path.toString(), "a readable file; there is no such file");
        } catch (AccessDeniedException e) {
            throw UsageException.badValue(option, path.toString(), "a readable file; permission denied");
        } catch (IOException e) {
            throw UsageException.badValue(option, path.toString(), "a readable file; " + e.getMessage());
        }
    }

    /** Checks that {@code path} is a readable regular file (see {@link #readFile}). */
    static void checkReadableFile(String option, Path path) {
        if (Files.isDirectory(path)) {
            throw UsageException.badValue(option, path.toString(), "a file; this is a folder");
        }
        if (!Files.exists(path)) {
            throw UsageException.badValue(option, path.toString(), "a readable file; there is no such file");
        }
        if (!Files.isReadable(path)) {
            throw UsageException.badValue(option, path.toString(), "a readable file; permission denied");
        }
    }

    /** An output file's folder must exist; the file itself may (it is replaced). */
    static void checkWritableFile(String option, Path path) {
        if (Files.isDirectory(path)) {
            throw UsageException.badValue(option, path.toString(), "a file name; this is a folder");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw UsageException.badValue(option, path.toString(), "a file in an existing folder; there is no folder "
                    + parent);
        }
    }
}
