package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lazarus.store.codec.ValueCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The value digest is the same in every JVM: {@link DigestProbe} computes the digests of its value graphs in a JVM of
 * JDK 17 and in one of JDK 25, each with the JDK packages opened to it that the agent opens to itself, and they must
 * agree line for line. A missing JDK skips the test with a message.
 */
class DigestAcrossJvmsTest {
    /** JDK 17's and JDK 25's {@code java}; other locations can be given with {@code -Dlazarus.jdkNN.java=...}. */
    private static final Path JDK17 = java(17, "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

    private static final Path JDK25 = java(25, "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private static Path java(int feature, String fallback) {
        String given = System.getProperty("lazarus.jdk" + feature + ".java");
        if (given != null) {
            return Path.of(given);
        }
        if (Runtime.version().feature() == feature) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        return Path.of(fallback);
    }

    @Test
    void digestsAreTheSameOnJdk17AndJdk25() throws Exception {
        assumeTrue(Files.isExecutable(JDK17), "no JDK 17 java at " + JDK17 + " (set -Dlazarus.jdk17.java)");
        assumeTrue(Files.isExecutable(JDK25), "no JDK 25 java at " + JDK25 + " (set -Dlazarus.jdk25.java)");

        List<String> on17 = probe(JDK17);
        List<String> on25 = probe(JDK25);

        List<String> names = new ArrayList<>(DigestProbe.values().keySet());
        assertEquals(
                names,
                on17.stream().map(l -> l.substring(0, l.lastIndexOf('='))).toList(),
                String.join("\n", on17));
        assertEquals(on17, on25, "JDK 17 and JDK 25 digest the same values alike");
        for (String line : on17) {
            assertNotEquals("0", line.substring(line.lastIndexOf('=') + 1), "every probe value is digested: " + line);
        }
        assertEquals(
                on17.size(),
                new HashSet<>(on17.stream()
                                .map(l -> l.substring(l.lastIndexOf('=')))
                                .toList())
                        .size(),
                "different values, different digests");
    }

    /** @return the probe's lines, computed by a JVM of {@code java} */
    private static List<String> probe(Path java) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        for (Map.Entry<String, List<String>> module :
                ValueCodec.modulePackagesToOpen().entrySet()) {
            for (String pkg : module.getValue()) {
                command.add("--add-opens=" + module.getKey() + "/" + pkg + "=ALL-UNNAMED");
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DigestProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe on " + java + " did not end");
        assertEquals(0, p.exitValue(), java + ":\n" + out);
        return out.lines().toList();
    }
}
