package org.ckbvm.plugin;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.ckbvm.chain.ChainExecutor;
import org.ckbvm.machine.Engine;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.ExecutionPlugin;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.PluginContext;
import org.ckbvm.store.ChainStore;
import org.ckbvm.store.RocksChainStore;
import org.ckbvm.store.StoreException;

/**
 * The execution plugin a node loads through {@link java.util.ServiceLoader}. {@link #register}
 * takes the host's {@link DataSource} (required), {@link ChainSpec} (consensus parameters) and
 * {@link PluginConfiguration} (local settings), both optional with defaults when absent;
 * {@link #start} opens the chain state and offers a {@link ContractExecutionService} whose
 * {@code head()} says which block the state is at; {@link #stop} waits for running work and
 * closes everything (idempotent, restartable).
 */
public final class CkbVmPlugin implements ExecutionPlugin {
    /** Contract debug output (syscall 2177) goes to the JDK logger {@code ckbvm.contract} at DEBUG. */
    private static final System.Logger CONTRACT_LOG = System.getLogger("ckbvm.contract");
    private static final System.Logger LOG = System.getLogger("ckbvm.plugin");

    private final Function<PluginConfiguration, ChainStore> storeFactory;
    private final Consumer<String> debugSink = message -> CONTRACT_LOG.log(System.Logger.Level.DEBUG, message);

    private PluginContext context;
    private PluginConfiguration configuration;
    private ChainSpec spec;
    private DataSource dataSource;
    private ChainStore store;
    private ExecutorService pool;
    private ChainExecutor executor;

    /** The ServiceLoader constructor: the chain state lives in the embedded RocksDB store. */
    public CkbVmPlugin() {
        this(CkbVmPlugin::openStore);
    }

    /** With another chain store (tests inject faults this way; hosts may bring their own storage). */
    public CkbVmPlugin(Function<PluginConfiguration, ChainStore> storeFactory) {
        this.storeFactory = storeFactory;
    }

    private static ChainStore openStore(PluginConfiguration c) {
        try {
            return RocksChainStore.open(c.storeFolder());
        } catch (StoreException e) {
            throw new NodeFault(NodeFault.Kind.STORAGE, "cannot open the chain store at " + c.storeFolder() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "ckbvm";
    }

    /** The build's version (the Maven project version), the same in every jar and in the CLI's {@code --version}. */
    public static final String VERSION = buildVersion();

    @Override
    public String version() {
        return VERSION;
    }

    private static String buildVersion() {
        try (java.io.InputStream in = CkbVmPlugin.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.trim();
                }
            }
        } catch (java.io.IOException e) {
            // fall through to the manifest
        }
        String v = CkbVmPlugin.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    @Override
    public synchronized void register(PluginContext context) {
        this.context = context;
        this.configuration = context.service(PluginConfiguration.class).orElse(PluginConfiguration.defaults());
        this.spec = context.service(ChainSpec.class).orElse(ChainSpec.defaults());
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
        Engine.parse(c.engine());   // a bad engine name fails here, before anything opens
        store = storeFactory.apply(c);
        pool = Executors.newFixedThreadPool(c.executionThreads(), runnable -> {
            Thread t = new Thread(runnable, "ckbvm-exec");
            t.setDaemon(true);
            return t;
        });
        try {
            executor = new ChainExecutor(spec, store, dataSource, c, pool, debugSink);
        } catch (RuntimeException e) {
            pool.shutdownNow();
            store.close();
            pool = null;
            store = null;
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "ckbvm: chain state at block {0}", executor.head().number());
        context.addService(ContractExecutionService.class, executor);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.stop();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        store.close();
        executor = null;
        store = null;
        pool = null;
    }

    /** The running service, if started. */
    public synchronized Optional<ChainExecutor> service() {
        return Optional.ofNullable(executor);
    }
}
