package org.ckbvm.plugin;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.BiFunction;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.ExecutionLimits;
import org.ckbvm.plugin.api.ExecutionPlugin;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.PluginContext;

/**
 * The execution plugin a node loads through {@link java.util.ServiceLoader}. {@link #register}
 * takes the host's {@link DataSource} (required), {@link PluginConfiguration} and
 * {@link ExecutionLimits} (both optional, defaults when absent);
 * {@link #start} opens the suspended-execution ledger and offers a {@link ContractExecutionService};
 * {@link #stop} waits for running transactions and closes everything (idempotent, restartable).
 */
public final class CkbVmPlugin implements ExecutionPlugin {
    private final BiFunction<PluginConfiguration, DataSource, ExecutionLedger> ledgerFactory;

    private PluginContext context;
    private PluginConfiguration configuration;
    private ExecutionLimits limits;
    private DataSource dataSource;
    /** Contract debug output (syscall 2177) goes to the JDK logger {@code ckbvm.contract} at DEBUG. */
    private static final System.Logger CONTRACT_LOG = System.getLogger("ckbvm.contract");
    private final Consumer<String> debugSink = message -> CONTRACT_LOG.log(System.Logger.Level.DEBUG, message);
    private ExecutionLedger ledger;
    private ExecutorService pool;
    private ContractExecutor executor;

    /**
     * The ServiceLoader constructor: suspended executions live in the embedded RocksDB store, which
     * enforces the operator's snapshot-size and store-size limits.
     */
    public CkbVmPlugin() {
        this.ledgerFactory = null;
    }

    /** With another ledger (tests, or hosts that bring their own storage). */
    public CkbVmPlugin(BiFunction<PluginConfiguration, DataSource, ExecutionLedger> ledgerFactory) {
        this.ledgerFactory = ledgerFactory;
    }

    @Override
    public String name() {
        return "ckbvm";
    }

    @Override
    public synchronized void register(PluginContext context) {
        this.context = context;
        this.configuration = context.service(PluginConfiguration.class).orElse(PluginConfiguration.defaults());
        this.limits = context.service(ExecutionLimits.class).orElse(ExecutionLimits.defaults());
        this.dataSource = context.service(DataSource.class).orElseThrow(() -> new IllegalStateException(
                "the host must offer a DataSource service: the plugin loads contract code and data through it"));
    }

    @Override
    public synchronized void start() {
        if (context == null) {
            throw new IllegalStateException("register before start");
        }
        if (executor != null) {
            return;
        }
        PluginConfiguration c = configuration;
        if (c.memorySize() > limits.maxMemoryBytes()) {
            throw new IllegalStateException("max memory: the configured guest memory of " + c.memorySize()
                    + " bytes is above the operator limit of " + limits.maxMemoryBytes() + " bytes");
        }
        MachineConfig machine = new MachineConfig(c.machineVersion(), IsaFlags.parse(c.isa()),
                CostModel.parse(c.costModel()), c.memorySize());
        ledger = ledgerFactory != null ? ledgerFactory.apply(c, dataSource) : StoreExecutionLedger.open(c, limits, dataSource);
        pool = Executors.newFixedThreadPool(Math.max(1, c.executionThreads()), runnable -> {
            Thread t = new Thread(runnable, "ckbvm-exec");
            t.setDaemon(true);
            return t;
        });
        executor = new ContractExecutor(c.chainId(), machine, dataSource, ledger, pool, debugSink, limits);
        context.addService(ContractExecutionService.class, executor);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        ledger.close();
        executor = null;
        ledger = null;
        pool = null;
    }

    /** The running service, if started. */
    public synchronized Optional<ContractExecutionService> service() {
        return Optional.ofNullable(executor);
    }
}
