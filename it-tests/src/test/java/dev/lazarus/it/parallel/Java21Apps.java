package dev.lazarus.it.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The test applications that use JDK 21 APIs in their bytecode ({@code Thread.ofVirtual().start(...)}: the call
 * the agent must see as a fork, so it cannot be made reflectively). Their sources, in
 * {@code it-tests/src/main/java21}, are compiled here with JDK 25's {@code javac --release 21} against the other
 * test applications, once per test JVM, into {@code it-tests/target/java21-classes}.
 */
final class Java21Apps {
    private static Path classes;

    private Java21Apps() {}

    /** @return the class path of the JDK 21 applications: their classes, then the other test applications' */
    static synchronized List<Path> classpath(Jdk jdk25) throws IOException, InterruptedException {
        jdk25.assumeAvailable();
        if (classes == null) {
            classes = compile(jdk25);
        }
        List<Path> all = new ArrayList<>();
        all.add(classes);
        all.addAll(ItEnv.appClasspath());
        return all;
    }

    private static Path compile(Jdk jdk25) throws IOException, InterruptedException {
        Path sources = ItEnv.appSource("").getParent().resolve("java21");
        Path out = ItEnv.appClasses().getParent().resolve("java21-classes");
        Files.createDirectories(out);
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toString)
                    .collect(Collectors.toList());
        }
        List<String> cmd = new ArrayList<>(List.of(
                jdk25.java().resolveSibling("javac").toString(),
                "--release",
                "21",
                "-parameters",
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
        assertEquals(0, javac.exitValue(), "javac --release 21 " + files + ":\n" + output);
        return out;
    }
}
