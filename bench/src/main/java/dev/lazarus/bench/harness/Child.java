package dev.lazarus.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one child process, keeps its output in the log directory, and parses its {@code @@ key value} lines. */
final class Child {
    private Child() {}

    static Map<String, String> run(Path logs, String name, List<String> command, long timeoutSeconds)
            throws IOException, InterruptedException {
        return run(logs, name, command, timeoutSeconds, Map.of());
    }

    static Map<String, String> run(
            Path logs, String name, List<String> command, long timeoutSeconds, Map<String, String> env)
            throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Files.writeString(logs.resolve(name + ".cmd"), String.join(" ", command) + "\n");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IOException(name + ": no result within " + timeoutSeconds + " s (killed); see " + err);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.startsWith("@@ ")) {
                int sp = line.indexOf(' ', 3);
                if (sp > 0) {
                    results.put(line.substring(3, sp), line.substring(sp + 1).trim());
                }
            }
        }
        if (p.exitValue() != 0) {
            throw new IOException(name + " exited with " + p.exitValue() + ": " + tail(err, 12));
        }
        System.err.printf("  %-34s %6d ms%n", name, ms);
        return results;
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
