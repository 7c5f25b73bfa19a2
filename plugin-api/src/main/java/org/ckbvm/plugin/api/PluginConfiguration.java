package org.ckbvm.plugin.api;

import java.nio.file.Path;

/**
 * How the host wants contracts run. A host offers it as a service ({@code PluginContext#service});
 * when absent the plugin uses {@link #defaults()}.
 *
 * @param chainId         transactions for another chain are refused
 * @param machineVersion  CKB-VM machine version (0, 1 or 2)
 * @param isa             comma list from {@code imc,a,b,mop}
 * @param costModel       {@code ckb} or {@code unit}
 * @param memorySize      guest memory in bytes, a multiple of 4096
 * @param storeFolder     where the embedded store keeps suspended executions
 * @param executionThreads how many independent transactions run at once
 */
public record PluginConfiguration(long chainId, int machineVersion, String isa, String costModel, long memorySize,
                                  Path storeFolder, int executionThreads) {

    /** CKB's current script version (2, IMC+B+MOP, CKB costs, 4 MiB), store under ./ckbvm-data. */
    public static PluginConfiguration defaults() {
        return new PluginConfiguration(1, 2, "imc,b,mop", "ckb", 4L << 20, Path.of("ckbvm-data"), 2);
    }

    public PluginConfiguration withChainId(long id) {
        return new PluginConfiguration(id, machineVersion, isa, costModel, memorySize, storeFolder, executionThreads);
    }

    public PluginConfiguration withStoreFolder(Path folder) {
        return new PluginConfiguration(chainId, machineVersion, isa, costModel, memorySize, folder, executionThreads);
    }
}
