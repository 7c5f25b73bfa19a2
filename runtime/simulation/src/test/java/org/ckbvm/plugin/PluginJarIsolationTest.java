package org.ckbvm.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.ckbvm.TestVectors;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.ExecutionPlugin;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.simulation.BlockProducer;
import org.ckbvm.simulation.ReferenceHost;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.transaction.TransactionDraft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;

/**
 * The artifacts a node loads (README.md, "Loading the plugin"), built by {@code mvn package} of
 * {@code runtime/plugin} before this module's tests run: the thin jar holds only the plugin
 * module's classes; the drop-in jar holds no third-party package under its own name and no
 * plugin-api class, and plays a block in a class loader of its own, next to a host that has other
 * versions of Jackson and Bouncy Castle on its class path.
 */
class PluginJarIsolationTest {
    private static final long CHAIN = 5;

    @TempDir
    Path store;

    private static Path artifact(String property) {
        String path = System.getProperty(property);
        assertTrue(path != null, property + " is set by runtime/simulation/pom.xml");
        Path jar = Paths.get(path);
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run `mvn verify` (or package) from the top level");
        return jar;
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).filter(n -> !n.endsWith("/")).toList();
        }
    }

    @Test
    void theThinJarCarriesOnlyThePluginModule() throws IOException {
        List<String> classes = entries(artifact("ckbvm.plugin.jar")).stream().filter(n -> n.endsWith(".class")).toList();
        assertTrue(classes.contains("org/ckbvm/plugin/CkbVmPlugin.class"), "the plugin class is in the jar");
        for (String name : classes) {
            assertTrue(name.matches("org/ckbvm/(plugin|chain|transaction|suspension)/[^/]+\\.class")
                    && !name.startsWith("org/ckbvm/plugin/api/"), "not of the plugin module: " + name);
        }
    }

    @Test
    void theDropInJarHasEveryThirdPartyPackageRelocatedAndOneNativeLibrary() throws IOException {
        Path jar = artifact("ckbvm.plugin.dropin");
        TreeSet<String> foreign = new TreeSet<>();
        List<String> natives = new ArrayList<>();
        for (String name : entries(jar)) {
            if (name.startsWith("librocksdbjni")) {
                natives.add(name);
            } else if (name.endsWith(".class") && !name.startsWith("org/rocksdb/")
                    && !(name.startsWith("org/ckbvm/") && !name.startsWith("org/ckbvm/plugin/api/"))) {
                foreign.add(name.substring(0, name.lastIndexOf('/') + 1));
            }
        }
        assertEquals(new TreeSet<>(), foreign, "packages neither ours nor relocated under org/ckbvm/shaded");
        assertEquals(1, natives.size(), "the RocksDB library of the building platform only: " + natives);
        assertTrue(Files.size(jar) - nativeSize(jar, natives.get(0)) < 5L << 20,
                "under 5 MB without the native library: " + Files.size(jar));
    }

    private static long nativeSize(Path jar, String name) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(name).getCompressedSize();
        }
    }

    @Test
    void theDropInJarPlaysABlockNextToConflictingLibraries() throws Exception {
        Path dropin = artifact("ckbvm.plugin.dropin");
        List<URL> hostLibraries = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Paths.get(System.getProperty("ckbvm.conflicting.libs")))) {
            for (Path p : jars.sorted().toList()) {
                hostLibraries.add(p.toUri().toURL());
            }
        }
        assertEquals(4, hostLibraries.size(), "Jackson 2.17 (three jars) and Bouncy Castle 1.80: " + hostLibraries);
        // the host: plugin-api from this test's class path, other versions of Jackson and Bouncy
        // Castle, nothing else; the plugin: its drop-in jar in a loader of its own, child of the host
        try (URLClassLoader host = new URLClassLoader("host", hostLibraries.toArray(URL[]::new), new ApiOnly());
             URLClassLoader pluginLoader = new URLClassLoader("plugin", new URL[] {dropin.toUri().toURL()}, host)) {
            Class<?> hostMapper = host.loadClass("com.fasterxml.jackson.databind.ObjectMapper");
            assertEquals("2.17.2", hostMapper.getMethod("version").invoke(hostMapper.getConstructor().newInstance())
                    .toString(), "the host really has its own Jackson");

            ExecutionPlugin plugin = ServiceLoader.load(ExecutionPlugin.class, pluginLoader).stream()
                    .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("ckbvm")).findFirst().orElseThrow();
            assertEquals(pluginLoader, plugin.getClass().getClassLoader());
            assertNotSame(CkbVmPlugin.class, plugin.getClass());
            assertEquals(System.getProperty("ckbvm.project.version"), plugin.version(), "the jar knows the build's version");

            InMemoryDataSource blobs = new InMemoryDataSource();
            SourceId sha256 = blobs.add(Files.readAllBytes(TestVectors.elf("sha256")));
            SourceId spawning = blobs.add(Files.readAllBytes(TestVectors.elf("spawn_pipe_rw")));
            ReferenceHost context = new ReferenceHost()
                    .offer(DataSource.class, blobs)
                    .offer(ChainSpec.class, ChainSpec.defaults().withChainId(CHAIN))
                    .offer(PluginConfiguration.class, PluginConfiguration.defaults().withStoreFolder(store));
            plugin.register(context);
            plugin.start();
            try {
                ContractExecutionService service = context.service(ContractExecutionService.class).orElseThrow();
                ECKeyPair alice = ECKeyPair.create(BigInteger.valueOf(7));
                byte[] call = ContractTransactions.sign(new TransactionDraft.Call(CHAIN, 0, sha256,
                        List.of("3".getBytes()), List.of(), 50_000_000, List.of()), alice);
                Receipt receipt = BlockProducer.next(service, List.of(call)).receipts().get(0);
                Receipt.Completed done = assertInstanceOf(Receipt.Completed.class, receipt);
                assertTrue(done.totalCycles() > 0);
                // a contract of two VMs, suspended as a whole scheduler (protobuf, relocated) and resumed
                byte[] spawn = ContractTransactions.sign(new TransactionDraft.Call(CHAIN, 1, spawning, List.of(),
                        List.of(spawning), 120_000, List.of()), alice);
                Receipt.Suspended stopped = assertInstanceOf(Receipt.Suspended.class,
                        BlockProducer.next(service, List.of(spawn)).receipts().get(0));
                byte[] resume = ContractTransactions.sign(new TransactionDraft.Resume(CHAIN, 2, stopped.execution(),
                        1_000_000), alice);
                Receipt.Completed both = assertInstanceOf(Receipt.Completed.class,
                        BlockProducer.next(service, List.of(resume)).receipts().get(0));
                assertEquals(139_838, both.totalCycles(), "testvectors/programs/spawn/EXPECTED.md");
            } finally {
                plugin.stop();
            }
        }
    }

    /** Exposes only the plugin API (and the JDK): what a node's plugin loader sees of the node. */
    private static final class ApiOnly extends ClassLoader {
        ApiOnly() {
            super("api-only", ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.ckbvm.plugin.api.")) {
                return PluginJarIsolationTest.class.getClassLoader().loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }
}
