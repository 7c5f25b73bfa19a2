package org.ckbvm.plugin.api;

import java.util.Optional;

/**
 * What the host hands a plugin at registration: services looked up by interface, any of which
 * may be absent (the plugin decides what it can do without), and a place for the plugin to offer
 * its own services back to the host.
 */
public interface PluginContext {

    /** The host's implementation of {@code type}, if it offers one (e.g. {@link DataSource}). */
    <T> Optional<T> service(Class<T> type);

    /** Offers a service of the plugin to the host (e.g. {@link ContractExecutionService}). */
    <T> void addService(Class<T> type, T implementation);
}
