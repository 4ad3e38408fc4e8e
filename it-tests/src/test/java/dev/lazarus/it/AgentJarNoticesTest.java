package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.lazarus.it.harness.ItEnv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent jar says what it is made of: its {@code META-INF} carries the repository's {@code LICENSE} and
 * {@code THIRD-PARTY-NOTICES.md}, and the notices' table lists exactly the third-party packages the jar bundles.
 * The packages are read from the jar, never written down here, so a dependency added, removed or relocated without
 * its notice fails this test.
 */
class AgentJarNoticesTest {
    /** Where the build relocates third-party code; the notices' table names packages below it. */
    private static final String SHADED = "dev/lazarus/agent/shaded/";

    private static final String NOTICES = "THIRD-PARTY-NOTICES.md";
    private static final String HIDDEN = "inst/";
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void metaInfCarriesTheLicenseAndTheNoticesOfTheRepository() throws IOException {
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            assertArrayEquals(
                    Files.readAllBytes(repositoryRoot().resolve("LICENSE")),
                    read(jar, "META-INF/LICENSE"),
                    "META-INF/LICENSE of " + ItEnv.agentJar() + " is not the repository's LICENSE");
            assertArrayEquals(
                    Files.readAllBytes(repositoryRoot().resolve(NOTICES)),
                    read(jar, "META-INF/" + NOTICES),
                    "META-INF/" + NOTICES + " of " + ItEnv.agentJar() + " is not the repository's " + NOTICES);
        }
    }

    @Test
    void theNoticesListEveryThirdPartyPackageOfTheJarAndNoOther() throws IOException {
        Set<String> inJar = thirdPartyPackages();
        assertFalse(inJar.isEmpty(), "no third-party package under " + SHADED + " in " + ItEnv.agentJar());
        List<String> listed = listedPackages(Files.readString(repositoryRoot().resolve(NOTICES)));

        List<String> unlisted = new ArrayList<>();
        for (String p : inJar) {
            if (listed.stream().noneMatch(l -> covers(l, p))) {
                unlisted.add(p);
            }
        }
        List<String> absent = new ArrayList<>();
        for (String l : listed) {
            if (inJar.stream().noneMatch(p -> covers(l, p))) {
                absent.add(l);
            }
        }
        assertEquals(
                List.of(),
                unlisted,
                "packages of " + ItEnv.agentJar() + " that " + NOTICES + " does not list (under " + SHADED
                        + "): add the component, its version, license and notice");
        assertEquals(List.of(), absent, "packages " + NOTICES + " lists that " + ItEnv.agentJar() + " does not hold");
    }

    /** A listed package covers itself; one ending in {@code /**} covers its subpackages too. */
    private static boolean covers(String listed, String pkg) {
        if (listed.endsWith("/**")) {
            String base = listed.substring(0, listed.length() - 3);
            return pkg.equals(base) || pkg.startsWith(base + "/");
        }
        return pkg.equals(listed);
    }

    /** @return the packages of classes that are not Lazarus's own, relative to {@link #SHADED} where under it */
    private static Set<String> thirdPartyPackages() throws IOException {
        Set<String> out = new TreeSet<>();
        try (JarFile jar = new JarFile(ItEnv.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith(HIDDEN)) {
                    name = name.substring(HIDDEN.length()); // the engine's half of the jar (see AgentJarContentsTest)
                }
                if (!(name.endsWith(".class") || name.endsWith(".classdata")) || name.startsWith("META-INF/")) {
                    continue;
                }
                String pkg = name.substring(0, Math.max(0, name.lastIndexOf('/')));
                if (pkg.startsWith(SHADED)) {
                    out.add(pkg.substring(SHADED.length()));
                } else if (!(pkg + "/").startsWith("dev/lazarus/")) {
                    out.add(pkg); // unrelocated: listed under its own name, or (better) relocated
                }
            }
        }
        return out;
    }

    /** @return the code spans of the last column of the notices' table: the packages */
    private static List<String> listedPackages(String notices) {
        List<String> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : notices.split("\n")) {
            if (line.startsWith("| component |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            Matcher m = CODE.matcher(cells[cells.length - 1]);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        assertFalse(out.isEmpty(), "no table of components with packages in " + NOTICES);
        return out;
    }

    /**
     * The repository's root: the build passes the test apps' source directory ({@code it-tests/src/main/java}), four
     * levels below it.
     */
    private static Path repositoryRoot() {
        return ItEnv.appSource("").resolve("../../../..").normalize();
    }

    private static byte[] read(JarFile jar, String entry) throws IOException {
        JarEntry e = jar.getJarEntry(entry);
        assertNotNull(e, entry + " is missing from " + jar.getName());
        try (InputStream in = jar.getInputStream(e)) {
            return in.readAllBytes();
        }
    }
}
