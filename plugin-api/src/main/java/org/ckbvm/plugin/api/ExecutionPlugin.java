package org.ckbvm.plugin.api;

/**
 * The entry point a node discovers with {@link java.util.ServiceLoader} (in the plugin jar's
 * {@code META-INF/services/org.ckbvm.plugin.api.ExecutionPlugin}). Lifecycle, as in Hyperledger
 * Besu's plugins: {@link #register} early (take services, read configuration), {@link #start}
 * (open storage, offer {@link ContractExecutionService}), {@link #stop} (idempotent cleanup).
 */
public interface ExecutionPlugin {

    /**
     * A stable name, e.g. {@code ckbvm}, by which a host picks this plugin among those it finds.
     *
     * @return the name, never null
     */
    String name();

    /**
     * The plugin's version, from its jar manifest ({@code Implementation-Version}) when packaged.
     *
     * @return the version, or {@code dev} when the manifest has none (e.g. run from classes)
     */
    default String version() {
        String v = getClass().getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /**
     * Takes the host's services: {@link DataSource} (required), {@link ChainSpec} and
     * {@link PluginConfiguration} (each optional, with defaults when absent). Opens nothing.
     *
     * @param context the host's context, kept for {@link #start}
     * @throws IllegalStateException if the host offers no {@link DataSource}
     */
    void register(PluginContext context);

    /**
     * Opens the chain state and offers a {@link ContractExecutionService} through the context;
     * its {@link ContractExecutionService#head()} tells the host where to continue. Does nothing
     * if already started.
     *
     * @throws IllegalStateException    if {@link #register} has not been called
     * @throws IllegalArgumentException if the chain specification names an unknown ISA or cost
     *                                  model, or the configuration an unknown engine
     * @throws NodeFault                ({@code STORAGE} or {@code CORRUPT_STATE}) if the state
     *                                  cannot be opened or does not match its head's commitment root
     */
    void start();

    /**
     * Waits for running work and closes the chain state; afterwards the service it offered
     * refuses work with {@link NodeFault} ({@code STOPPED}). Idempotent; {@link #start} again
     * continues at the head.
     */
    void stop();
}
