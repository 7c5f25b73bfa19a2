package org.ckbvm.plugin.api;

/**
 * The entry point a node discovers with {@link java.util.ServiceLoader} (in the plugin jar's
 * {@code META-INF/services/org.ckbvm.plugin.api.ExecutionPlugin}). Lifecycle, as in Hyperledger
 * Besu's plugins: {@link #register} early (take services, read configuration), {@link #start}
 * (open storage, offer {@link ContractExecutionService}), {@link #stop} (idempotent cleanup).
 */
public interface ExecutionPlugin {

    /** A stable name, e.g. {@code ckbvm}. */
    String name();

    /** The plugin's version, from its jar manifest ({@code Implementation-Version}) when packaged. */
    default String version() {
        String v = getClass().getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    void register(PluginContext context);

    void start();

    void stop();
}
