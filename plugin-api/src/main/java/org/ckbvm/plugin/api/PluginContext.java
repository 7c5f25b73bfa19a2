package org.ckbvm.plugin.api;

import java.util.Optional;

/**
 * What the host hands a plugin at registration: services looked up by interface, any of which
 * may be absent (the plugin decides what it can do without), and a place for the plugin to offer
 * its own services back to the host. Implemented by the node.
 */
public interface PluginContext {

    /**
     * The host's implementation of {@code type}, if it offers one (e.g. {@link DataSource}).
     *
     * @param <T>  the service's type
     * @param type the service's interface or class, e.g. {@code ChainSpec.class}
     * @return the service, or empty if the host offers none of that type
     */
    <T> Optional<T> service(Class<T> type);

    /**
     * Offers a service of the plugin to the host (e.g. {@link ContractExecutionService}); the
     * plugin calls this from {@link ExecutionPlugin#start}, after which the host looks the service
     * up with {@link #service}.
     *
     * @param <T>            the service's type
     * @param type           the interface the host looks it up by
     * @param implementation the plugin's implementation
     */
    <T> void addService(Class<T> type, T implementation);
}
