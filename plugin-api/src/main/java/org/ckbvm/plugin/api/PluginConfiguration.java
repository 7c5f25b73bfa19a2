package org.ckbvm.plugin.api;

import java.nio.file.Path;

/**
 * Local settings of one node: how it runs, never what a receipt says (consensus parameters are
 * in {@link ChainSpec}). A host offers it as a service ({@code PluginContext#service}); when
 * absent the plugin uses {@link #defaults()}. Immutable; change a copy with the {@code withX}
 * methods. It is read once, at {@link ExecutionPlugin#register}.
 *
 * @param storeFolder          where the embedded store keeps the chain state (created if missing;
 *                             relative paths resolve against the node's working directory)
 * @param executionThreads     how many independent transactions of a block run at once; at least 1
 * @param retainedBlocks       how many recent blocks can be rewound (reorg depth); older blocks
 *                             are final and their undo data is pruned; at least 1
 * @param storeSizeAlarmBytes  a warning is logged when the store grows past this many bytes (it
 *                             refuses nothing: a local condition never changes a receipt); at
 *                             least 1
 * @param engine               {@code interp}, {@code jit} or {@code auto}: how guest code runs
 *                             (every engine gives identical results); another name makes
 *                             {@link ExecutionPlugin#start} fail
 */
public record PluginConfiguration(Path storeFolder, int executionThreads, int retainedBlocks,
                                  long storeSizeAlarmBytes, String engine) {
    /**
     * Checks the values; the engine name is checked at {@link ExecutionPlugin#start}.
     *
     * @param storeFolder         where the chain state is kept, not null
     * @param executionThreads    transactions run at once, at least 1
     * @param retainedBlocks      how many blocks can be rewound, at least 1
     * @param storeSizeAlarmBytes the store size that triggers a warning, at least 1
     * @param engine              {@code interp}, {@code jit} or {@code auto}, not null
     * @throws NullPointerException     if {@code storeFolder} or {@code engine} is null
     * @throws IllegalArgumentException if {@code executionThreads}, {@code retainedBlocks} or
     *                                  {@code storeSizeAlarmBytes} is below 1
     */
    public PluginConfiguration {
        java.util.Objects.requireNonNull(storeFolder, "storeFolder");
        java.util.Objects.requireNonNull(engine, "engine");
        if (executionThreads < 1 || retainedBlocks < 1 || storeSizeAlarmBytes < 1) {
            throw new IllegalArgumentException("threads, retained blocks and the store alarm must be positive");
        }
    }

    /**
     * Chain state under ./ckbvm-chain, 2 threads, 256 retained blocks, an alarm at 16 GiB, engine auto.
     *
     * @return a new configuration with those values
     */
    public static PluginConfiguration defaults() {
        return new PluginConfiguration(Path.of("ckbvm-chain"), 2, 256, 16L << 30, "auto");
    }

    /**
     * The same settings with another {@code storeFolder}.
     *
     * @param folder the store folder, not null
     * @return a copy with {@code storeFolder} replaced
     * @throws NullPointerException if {@code folder} is null
     */
    public PluginConfiguration withStoreFolder(Path folder) {
        return new PluginConfiguration(folder, executionThreads, retainedBlocks, storeSizeAlarmBytes, engine);
    }

    /**
     * The same settings with another {@code executionThreads}.
     *
     * @param threads how many transactions run at once, at least 1
     * @return a copy with {@code executionThreads} replaced
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public PluginConfiguration withExecutionThreads(int threads) {
        return new PluginConfiguration(storeFolder, threads, retainedBlocks, storeSizeAlarmBytes, engine);
    }

    /**
     * The same settings with another {@code retainedBlocks}.
     *
     * @param blocks how many recent blocks can be rewound, at least 1
     * @return a copy with {@code retainedBlocks} replaced
     * @throws IllegalArgumentException if {@code blocks} is below 1
     */
    public PluginConfiguration withRetainedBlocks(int blocks) {
        return new PluginConfiguration(storeFolder, executionThreads, blocks, storeSizeAlarmBytes, engine);
    }

    /**
     * The same settings with another {@code engine}.
     *
     * @param name {@code interp}, {@code jit} or {@code auto}, not null
     * @return a copy with {@code engine} replaced
     * @throws NullPointerException if {@code name} is null
     */
    public PluginConfiguration withEngine(String name) {
        return new PluginConfiguration(storeFolder, executionThreads, retainedBlocks, storeSizeAlarmBytes, name);
    }
}
