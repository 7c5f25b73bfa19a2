package org.ckbvm.isa;

import java.util.Locale;

/**
 * CKB-VM's ISA flags (ckb-vm-definitions): IMC is always on; B, MOP and A are ORed in.
 */
public final class IsaFlags {
    private IsaFlags() {}

    public static final int IMC = 0;
    /** Zba, Zbb, Zbc, Zbs. */
    public static final int B = 1;
    /** Macro-op fusion in the decoder. */
    public static final int MOP = 2;
    /** LR/SC/AMO .W and .D. Never enabled by CKB itself. */
    public static final int A = 4;

    public static final int ALL = B | MOP | A;

    /** CKB's current script version (V2) profile: IMC|B|MOP. */
    public static final int DEFAULT = B | MOP;

    public static boolean has(int isa, int flag) {
        return (isa & flag) != 0;
    }

    /** Parses a comma list from {@code imc,a,b,mop} or {@code all}. */
    public static int parse(String list) {
        int isa = IMC;
        for (String part : list.split(",")) {
            switch (part.trim().toLowerCase(Locale.ROOT)) {
                case "imc": break;
                case "a": isa |= A; break;
                case "b": isa |= B; break;
                case "mop": isa |= MOP; break;
                case "all": isa |= ALL; break;
                default: throw new IllegalArgumentException("unknown ISA extension '" + part
                        + "' (expected a comma list of imc,a,b,mop or all)");
            }
        }
        return isa;
    }

    /** The canonical comma list, e.g. {@code imc,b,mop}. */
    public static String format(int isa) {
        StringBuilder sb = new StringBuilder("imc");
        if (has(isa, A)) sb.append(",a");
        if (has(isa, B)) sb.append(",b");
        if (has(isa, MOP)) sb.append(",mop");
        return sb.toString();
    }
}
