package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.harness.ItEnv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent jar's layout, which is what keeps the engine isolated from the application (the JVM puts
 * the jar on the system class path, and the agent puts it on the bootstrap class path):
 * <ul>
 *   <li>its root holds exactly the API (the same classes as the {@code lazarus-api} jar: one home), the
 *   bridge, the loader package and the two entry points — nothing an application could link against
 *   by mistake;</li>
 *   <li>everything else sits under {@code inst/} with class files named {@code *.classdata}, where no
 *   standard class loader finds a class, and is still relocated under {@code dev/lazarus/} (so stack
 *   traces, heap dumps and the relocated SLF4J's system properties never mix with the application's);</li>
 *   <li>service files name relocated types only.</li>
 * </ul>
 */
class AgentJarContentsTest {
    private static final String HIDDEN = "inst/";
    private static final List<String> ROOT_PACKAGES = List.of("dev/lazarus/agent/bridge/", "dev/lazarus/agent/loader/");
    private static final List<String> ENTRY_POINTS =
            List.of("dev/lazarus/agent/Premain.class", "dev/lazarus/agent/CommandLine.class");

    @Test
    void rootHoldsTheApiTheBridgeTheLoaderAndTheEntryPointsOnly() throws IOException {
        TreeSet<String> api = apiClasses();
        assertTrue(api.contains("dev/lazarus/Lazarus.class"), "the API jar holds no Lazarus facade: " + ItEnv.apiJar());
        TreeSet<String> rootApi = new TreeSet<>();
        List<String> unexpected = new ArrayList<>();
        int bridge = 0;
        for (String name : entries()) {
            if (!name.endsWith(".class") || name.startsWith(HIDDEN)) {
                continue;
            }
            if (api.contains(name)) {
                rootApi.add(name);
            } else if (ENTRY_POINTS.contains(name)) {
                continue;
            } else if (ROOT_PACKAGES.stream().anyMatch(name::startsWith)) {
                bridge++;
            } else {
                unexpected.add(name);
            }
        }
        assertEquals(
                List.of(),
                unexpected,
                "classes at the root of " + ItEnv.agentJar()
                        + " (visible to the application through the system and bootstrap loaders)");
        assertEquals(api, rootApi, "the API at the root of the agent jar must be the lazarus-api jar's classes");
        assertTrue(bridge >= 2, "the bridge and loader classes are missing from the root");
    }

    @Test
    void everythingElseIsHiddenAndRelocated() throws IOException {
        List<String> bad = new ArrayList<>();
        int hidden = 0;
        for (String name : entries()) {
            if (!name.startsWith(HIDDEN)) {
                continue;
            }
            String path = name.substring(HIDDEN.length());
            if (path.endsWith(".class")) {
                bad.add(name + " (a class file a standard loader could define)");
            } else if (path.endsWith(".classdata")) {
                hidden++;
                if (!path.startsWith("dev/lazarus/")) {
                    bad.add(name + " (unrelocated third-party code)");
                }
                if (path.startsWith("dev/lazarus/agent/bridge/") || path.startsWith("dev/lazarus/agent/loader/")) {
                    bad.add(name + " (belongs at the root)");
                }
            }
        }
        assertTrue(hidden > 100, "only " + hidden + " hidden classes in " + ItEnv.agentJar());
        assertTrue(
                entries().contains(HIDDEN + "dev/lazarus/agent/internal/startup/AgentStarter.classdata"),
                "the engine's start-up class is not hidden");
        assertEquals(List.of(), bad.size() > 40 ? bad.subList(0, 40) : bad, bad.size() + " misplaced entries");
    }

    @Test
    void serviceFilesNameOnlyRelocatedTypes() throws IOException {
        List<String> bad = new ArrayList<>();
        int services = 0;
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (name.startsWith("META-INF/services/")) {
                    bad.add(name + " (a service file at the root is seen by the application's ServiceLoader)");
                }
                if (!name.startsWith(HIDDEN + "META-INF/services/") || entry.isDirectory()) {
                    continue;
                }
                services++;
                String service = name.substring((HIDDEN + "META-INF/services/").length());
                if (!service.startsWith("dev.lazarus.")) {
                    bad.add(name + " (unrelocated interface)");
                }
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(jar.getInputStream(entry), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        String impl = line.replaceAll("#.*", "").trim();
                        if (!impl.isEmpty() && !impl.startsWith("dev.lazarus.")) {
                            bad.add(name + " names unrelocated " + impl);
                        }
                    }
                }
            }
        }
        assertTrue(services > 0, "no service file under inst/ (the agent's logging binding is found through one)");
        assertEquals(List.of(), bad, "service files in " + ItEnv.agentJar());
    }

    @Test
    void manifestEntryPointsAreAtTheRoot() throws IOException {
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            assertNotNull(jar.getManifest(), "no manifest");
            for (String attribute : List.of("Premain-Class", "Main-Class")) {
                String type = jar.getManifest().getMainAttributes().getValue(attribute);
                assertNotNull(type, "no " + attribute);
                String entry = type.replace('.', '/') + ".class";
                assertTrue(ENTRY_POINTS.contains(entry), attribute + " " + type + " is not one of the entry points");
                assertNotNull(jar.getEntry(entry), attribute + " " + type + " not at the root of the jar");
            }
        }
    }

    private static List<String> entries() throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
        }
        return names;
    }

    /** The API's class files, from its jar or (inside a reactor build) its classes directory. */
    private static TreeSet<String> apiClasses() throws IOException {
        Path api = ItEnv.apiJar();
        TreeSet<String> out = new TreeSet<>();
        if (Files.isDirectory(api)) {
            try (Stream<Path> files = Files.walk(api)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .forEach(p -> out.add(api.relativize(p).toString().replace('\\', '/')));
            }
            return out;
        }
        try (JarFile jar = new JarFile(api.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class")) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
