package dev.lazarus.it.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The test applications whose bytecode uses APIs newer than Java 17: {@code Thread.ofVirtual().start(...)} (JDK 21)
 * and {@code StructuredTaskScope} (a preview API of JDK 25). The calls the agent must see as forks cannot be made
 * reflectively, so these sources, in {@code it-tests/src/main/java21} and {@code it-tests/src/main/java25}, are
 * compiled here with JDK 25's {@code javac} against the other test applications, once per test JVM, into
 * {@code it-tests/target/java21-classes} and {@code java25-classes}.
 */
final class NewerJdkApps {
    private static final Map<String, Path> COMPILED = new HashMap<>();

    private NewerJdkApps() {}

    /** @return the class path of the JDK 21 applications: their classes, then the other test applications' */
    static List<Path> java21(Jdk jdk25) throws IOException, InterruptedException {
        return classpath(jdk25, "java21", "--release", "21");
    }

    /**
     * @return the class path of the JDK 25 preview applications (run them with {@code --enable-preview}): their
     *     classes, then the other test applications'
     */
    static List<Path> java25Preview(Jdk jdk25) throws IOException, InterruptedException {
        return classpath(jdk25, "java25", "--release", "25", "--enable-preview");
    }

    private static synchronized List<Path> classpath(Jdk jdk25, String sourceDir, String... options)
            throws IOException, InterruptedException {
        jdk25.assumeAvailable();
        Path classes = COMPILED.get(sourceDir);
        if (classes == null) {
            classes = compile(jdk25, sourceDir, options);
            COMPILED.put(sourceDir, classes);
        }
        List<Path> all = new ArrayList<>();
        all.add(classes);
        all.addAll(ItEnv.appClasspath());
        return all;
    }

    private static Path compile(Jdk jdk25, String sourceDir, String... options)
            throws IOException, InterruptedException {
        Path sources = ItEnv.appSource("").getParent().resolve(sourceDir);
        Path out = ItEnv.appClasses().getParent().resolve(sourceDir + "-classes");
        Files.createDirectories(out);
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toString)
                    .collect(Collectors.toList());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk25.java().resolveSibling("javac").toString());
        cmd.addAll(List.of(options));
        cmd.addAll(List.of(
                "-parameters",
                "-Xlint:-preview",
                "-cp",
                ItEnv.appClasspath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "-d",
                out.toString()));
        cmd.addAll(files);
        Process javac = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes());
        if (!javac.waitFor(120, TimeUnit.SECONDS)) {
            javac.destroyForcibly();
        }
        assertEquals(0, javac.exitValue(), String.join(" ", cmd) + ":\n" + output);
        return out;
    }
}
