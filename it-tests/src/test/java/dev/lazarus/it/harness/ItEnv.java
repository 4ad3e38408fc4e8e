package dev.lazarus.it.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where things are, as the build passes them to the tests (system properties set by surefire in
 * {@code it-tests/pom.xml}).
 */
public final class ItEnv {
    private ItEnv() {}

    /**
     * @return the shaded agent jar; fails the test (never skips it) when it is missing or older than the
     *     agent's compiled classes
     */
    public static Path agentJar() {
        Path jar = Paths.get(required("it.agent.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail("The agent jar " + jar + " does not exist. Build it first: "
                    + "mvn -q -pl javaagent -am package -DskipTests (or run 'mvn verify' from the root).");
        }
        if (!Boolean.getBoolean("it.allowStaleAgent")) {
            newestClassAfter(Paths.get(System.getProperty("it.agent.classes", "")), lastModified(jar))
                    .ifPresent(p -> fail("The agent jar " + jar + " is older than " + p + ": it is stale. "
                            + "Rebuild it (mvn -q -pl javaagent -am package -DskipTests) or run 'mvn verify' "
                            + "rather than 'mvn test' (the jar is made in the package phase); "
                            + "-Dit.allowStaleAgent=true skips this check."));
        }
        return jar;
    }

    /** @return the test applications' compiled classes ({@code it-tests/target/classes}) */
    public static Path appClasses() {
        return Paths.get(required("it.app.classes"));
    }

    /** @return the Lazarus API jar (or classes directory, inside a reactor build) */
    public static Path apiJar() {
        return Paths.get(required("it.api.jar"));
    }

    /** @return the class path of the test apps: their classes and the Lazarus API */
    public static List<Path> appClasspath() {
        return List.of(appClasses(), apiJar());
    }

    /** @return the compatibility scenario's libraries (other Kryo, ASM, Byte Buddy, Guava, SLF4J) */
    public static List<Path> compatLibraries() {
        return pathList("it.compat.classpath");
    }

    /** @return the effect scenarios' libraries (Jackson, HTTP clients, SDKs, JDBC) and what they need */
    public static List<Path> effectsLibraries() {
        return pathList("it.effects.classpath");
    }

    /** @return the test apps, the API and the effect scenarios' libraries: an effect scenario's class path */
    public static List<Path> effectsClasspath() {
        List<Path> all = new ArrayList<>(appClasspath());
        all.addAll(effectsLibraries());
        return all;
    }

    /** @return the Spring Boot scenario's libraries (Spring Boot and what it needs), for its fat jar's BOOT-INF/lib */
    public static List<Path> springBootLibraries() {
        return pathList("it.springboot.classpath");
    }

    /**
     * @return where the self-check's differential test finds the third-party suites: each project's jar and
     *     tests jar, their test libraries and the JUnit console launcher, named without versions
     */
    public static Path thirdPartySuites() {
        return Paths.get(required("it.thirdparty.dir"));
    }

    private static List<Path> pathList(String property) {
        List<Path> out = new ArrayList<>();
        for (String s : required(property).split(File.pathSeparator)) {
            if (!s.isBlank()) {
                out.add(Paths.get(s));
            }
        }
        return out;
    }

    /** @return a source file of the test apps, {@code it-tests/src/main/java/<relative>} */
    public static Path appSource(String relative) {
        return Paths.get(required("it.app.sources")).resolve(relative);
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank() || v.startsWith("${")) {
            fail("System property " + property + " is not set; run these tests through Maven "
                    + "(mvn -pl it-tests test), which sets it (see it-tests/pom.xml).");
        }
        return v;
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> newestClassAfter(Path dir, long millis) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> lastModified(p) > millis + 2000)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
