package dev.lazarus.examples.demo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The README's demo: runs the research agent with the Lazarus agent attached, kills the JVM with
 * SIGKILL in the middle of the agent's work, starts it again on the same journal, and shows which
 * calls ran live and which were answered from the journal.
 */
public final class Demo {
    private Demo() {}

    /** @param args {@code <agent jar> <class path> [kill after N live calls]} */
    public static void main(String[] args) throws Exception {
        Path agentJar = Paths.get(args[0]).toAbsolutePath();
        String classPath = args[1];
        int killAfter = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        Path journal = Paths.get("target", "demo-journal").toAbsolutePath();
        deleteRecursively(journal);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-javaagent:" + agentJar + "=journal=" + journal + ",trace=true",
                "-cp",
                classPath,
                "dev.lazarus.examples.research.ResearchApp",
                "durable execution for AI agents");

        banner("Run 1: the research agent starts; we kill -9 it after " + killAfter + " live service calls");
        Process first = start(command);
        int live = 0;
        int recorded = 0;
        try (BufferedReader out = reader(first)) {
            String line;
            while ((line = out.readLine()) != null) {
                print(line);
                if (line.contains(" recorded (execution ")) {
                    recorded++;
                }
                if (line.contains("LIVE ") && ++live == killAfter) {
                    first.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush, like a power cut
                    first.waitFor();
                    System.out.println("\n  *** killed with SIGKILL (exit " + first.exitValue() + ") in the middle"
                            + " of the agent's work ***");
                    break;
                }
            }
        }

        banner("Run 2: the same command again, on the same journal");
        Process second = start(command);
        int replayed = 0;
        int liveAgain = 0;
        try (BufferedReader out = reader(second)) {
            String line;
            while ((line = out.readLine()) != null) {
                print(line);
                if (line.contains("replayed ")) {
                    replayed++;
                } else if (line.contains("LIVE ")) {
                    liveAgain++;
                }
            }
        }
        int exit = second.waitFor();
        banner("What happened");
        System.out.println("  run 1 made " + live + " live service calls; " + recorded + " of them finished and were"
                + " journaled before the kill"
                + (live > recorded ? ", " + (live - recorded) + " in flight (the scrapes run in parallel)" : ""));
        System.out.println("  run 2 answered those " + replayed + " from the journal (not paid for again), then made "
                + liveAgain + " live calls to finish"
                + (live > recorded
                        ? " (the calls in flight at the kill ran" + " again: the at-least-once window)"
                        : ""));
        System.out.println("  journal: " + journal);
        if (exit != 0 || replayed != recorded) {
            System.out.println("  UNEXPECTED: run 2 exited " + exit + " and replayed " + replayed + " of " + recorded);
            System.exit(1);
        }
    }

    private static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void print(String line) {
        System.out.println("  | " + line.replace("[INFO] lazarus - ", "lazarus: "));
    }

    private static void banner(String text) {
        System.out.println();
        System.out.println("== " + text);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.delete(p);
        }
        new File(dir.toString()).delete();
    }
}
