package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.harness.ItEnv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded agent jar holds no unrelocated third-party class (ASM, Kryo, Objenesis, SLF4J, ... must
 * all live under {@code dev/lazarus/}), so an application's own versions never clash with the agent's
 * (-javaagent puts the jar on the system class path). Service files must name relocated interfaces
 * and implementations only.
 */
class AgentJarContentsTest {
    private static final String VERSIONED = "META-INF/versions/";

    @Test
    void everyClassIsRelocatedUnderDevLazarus() throws IOException {
        List<String> bad = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                classes++;
                String path = name;
                if (path.startsWith(VERSIONED)) {
                    int slash = path.indexOf('/', VERSIONED.length());
                    path = slash < 0 ? path : path.substring(slash + 1);
                }
                if (!path.startsWith("dev/lazarus/")) {
                    bad.add(name);
                }
            }
        }
        assertTrue(classes > 0, "the agent jar holds no classes");
        assertEquals(List.of(), bad.size() > 40 ? bad.subList(0, 40) : bad,
                bad.size() + " classes outside dev/lazarus/ (unrelocated third-party code) in " + ItEnv.agentJar());
    }

    @Test
    void serviceFilesNameOnlyRelocatedTypes() throws IOException {
        List<String> bad = new ArrayList<>();
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (!name.startsWith("META-INF/services/") || entry.isDirectory()) {
                    continue;
                }
                String service = name.substring("META-INF/services/".length());
                if (!service.startsWith("dev.lazarus.")) {
                    bad.add(name + " (unrelocated interface)");
                }
                try (BufferedReader r = new BufferedReader(new InputStreamReader(jar.getInputStream(entry),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        String impl = line.replaceAll("#.*", "").trim();
                        if (!impl.isEmpty() && !impl.startsWith("dev.lazarus.")) {
                            bad.add(name + " names unrelocated " + impl);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), bad, "service files in " + ItEnv.agentJar());
    }

    @Test
    void manifestDeclaresThePremain() throws IOException {
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            assertNotNull(jar.getManifest(), "no manifest");
            String premain = jar.getManifest().getMainAttributes().getValue("Premain-Class");
            assertNotNull(premain, "no Premain-Class");
            assertNotNull(jar.getEntry(premain.replace('.', '/') + ".class"), "Premain-Class " + premain + " not in the jar");
        }
    }
}
