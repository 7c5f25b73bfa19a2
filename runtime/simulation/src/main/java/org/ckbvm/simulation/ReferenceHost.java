package org.ckbvm.simulation;

import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

import org.ckbvm.plugin.api.ExecutionPlugin;
import org.ckbvm.plugin.api.PluginContext;

/**
 * A minimal node-side host, used by the demo, the {@code node} command and integration tests: it
 * offers services by interface and discovers plugins exactly as a node does, through
 * {@link ServiceLoader}.
 */
public final class ReferenceHost implements PluginContext {
    private final ConcurrentHashMap<Class<?>, Object> services = new ConcurrentHashMap<>();

    public <T> ReferenceHost offer(Class<T> type, T implementation) {
        services.put(type, implementation);
        return this;
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    @Override
    public <T> void addService(Class<T> type, T implementation) {
        services.put(type, implementation);
    }

    /** The plugin named {@code name} among those ServiceLoader finds on the class path. */
    public static ExecutionPlugin discover(String name) {
        for (ExecutionPlugin plugin : ServiceLoader.load(ExecutionPlugin.class)) {
            if (plugin.name().equals(name)) {
                return plugin;
            }
        }
        throw new IllegalStateException("no execution plugin named '" + name + "' on the class path");
    }
}
