package org.ckbvm.isa;

/** CKB-VM machine versions (ckb-vm src/machine/mod.rs: VERSION0..VERSION2). */
public final class MachineVersion {
    private MachineVersion() {}

    public static final int V0 = 0;
    public static final int V1 = 1;
    public static final int V2 = 2;
    public static final int LATEST = V2;

    public static boolean isValid(int version) {
        return version >= V0 && version <= V2;
    }
}
