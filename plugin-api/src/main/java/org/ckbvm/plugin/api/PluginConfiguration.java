package org.ckbvm.plugin.api;

import java.nio.file.Path;

/**
 * Local settings of one node: how it runs, never what a receipt says (consensus parameters are
 * in {@link ChainSpec}). A host offers it as a service ({@code PluginContext#service}); when
 * absent the plugin uses {@link #defaults()}.
 *
 * @param storeFolder          where the embedded store keeps the chain state
 * @param executionThreads     how many independent transactions of a block run at once
 * @param retainedBlocks       how many recent blocks can be rewound (reorg depth); older blocks
 *                             are final and their undo data is pruned
 * @param storeSizeAlarmBytes  a warning is logged when the store grows past this (it refuses
 *                             nothing: a local condition never changes a receipt)
 * @param engine               {@code interp}, {@code jit} or {@code auto}: how guest code runs
 *                             (every engine gives identical results)
 */
public record PluginConfiguration(Path storeFolder, int executionThreads, int retainedBlocks,
                                  long storeSizeAlarmBytes, String engine) {
    public PluginConfiguration {
        java.util.Objects.requireNonNull(storeFolder, "storeFolder");
        java.util.Objects.requireNonNull(engine, "engine");
        if (executionThreads < 1 || retainedBlocks < 1 || storeSizeAlarmBytes < 1) {
            throw new IllegalArgumentException("threads, retained blocks and the store alarm must be positive");
        }
    }

    /** Chain state under ./ckbvm-chain, 2 threads, 256 retained blocks, an alarm at 16 GiB, engine auto. */
    public static PluginConfiguration defaults() {
        return new PluginConfiguration(Path.of("ckbvm-chain"), 2, 256, 16L << 30, "auto");
    }

    public PluginConfiguration withStoreFolder(Path folder) {
        return new PluginConfiguration(folder, executionThreads, retainedBlocks, storeSizeAlarmBytes, engine);
    }

    public PluginConfiguration withExecutionThreads(int threads) {
        return new PluginConfiguration(storeFolder, threads, retainedBlocks, storeSizeAlarmBytes, engine);
    }

    public PluginConfiguration withRetainedBlocks(int blocks) {
        return new PluginConfiguration(storeFolder, executionThreads, blocks, storeSizeAlarmBytes, engine);
    }

    public PluginConfiguration withEngine(String name) {
        return new PluginConfiguration(storeFolder, executionThreads, retainedBlocks, storeSizeAlarmBytes, name);
    }
}
