package dev.lazarus.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {
    private static final Path FIXTURES =
            Paths.get("target", "test-classes", "dev", "lazarus", "agent", "internal", "instrumentation", "fixtures");

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {
            String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    @Test
    void reportsEveryKindOfCallSiteWithFileLineAndReason() {
        String[] r = run(
                "explain",
                "--classpath",
                "target/test-classes",
                FIXTURES.resolve("ResearchAgent.class").toString());
        assertEquals("0", r[0], r[2]);
        String report = r[1];
        for (String expected : new String[] {
            "@Durable research(String, long)",
            "ResearchAgent.java:21",
            "journaled        dev.lazarus.agent.internal.instrumentation.fixtures.SearchService.search",
            "receiver reached through field ResearchAgent.search; returns plain data (List)",
            "recomputed       java.lang.String.length",
            "deterministic JDK API",
            "replay-silent    java.io.PrintStream.println",
            "recomputed (durable body) dev.lazarus.agent.internal.instrumentation.fixtures.ResearchAgent.helper",
            "child execution  dev.lazarus.agent.internal.instrumentation.fixtures.ChildAgent.summarize",
            "durable timer    java.lang.Thread.sleep",
            "reads the clock (System.currentTimeMillis)",
            "random UUID",
            " in lambda$research$"
        }) {
            assertTrue(report.contains(expected), "missing '" + expected + "' in:\n" + report);
        }
    }

    /** @return {@code WarningsAgent.java:N} of each of the fixture's lines that end with the comment {@code // what} */
    private static List<String> warningsAgentLines(String what) {
        Path source = Paths.get(
                "src",
                "test",
                "java",
                "dev",
                "lazarus",
                "agent",
                "internal",
                "instrumentation",
                "fixtures",
                "WarningsAgent.java");
        List<String> found = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith("// " + what)) {
                    found.add("WarningsAgent.java:" + (i + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(found.isEmpty(), "no line of " + source + " ends with // " + what);
        return found;
    }

    private static String warningsAgentLine(String what) {
        List<String> lines = warningsAgentLines(what);
        assertEquals(1, lines.size(), () -> "one line ends with // " + what + ": " + lines);
        return lines.get(0);
    }

    @Test
    void warnsAboutWhatCannotBeMadeDurableWithFileLineAndWhatToDo() {
        String[] r = run(
                "explain",
                "--classpath",
                "target/test-classes",
                FIXTURES.resolve("WarningsAgent.class").toString());
        assertEquals("0", r[0], r[2]);
        String report = r[1];
        for (String expected : new String[] {
            warningsAgentLine("I/O resource") + ": an I/O resource (FileInputStream) is opened inside the durable body",
            warningsAgentLine("synchronized") + ": synchronized block in the durable body",
            warningsAgentLine("wait/notify") + ": Object.notifyAll in the durable body",
            warningsAgentLine("static state") + ": static field WarningsAgent.counter is written in the durable body",
            warningsAgentLine("live resource")
                    + ": LAZ-007: dev.lazarus.agent.internal.instrumentation.fixtures.WarningsAgent$Sockets.open"
                    + " returns a live resource (Socket)",
            warningsAgentLine("hand-off") + ": a BlockingQueue hand-off in the durable body (BlockingQueue.put)",
            "submit a Callable to an ExecutorService and use its Future instead",
            warningsAgentLine("Thread subclass") + ": a Thread subclass (WarningsAgent$Worker) is created in the"
                    + " durable body",
            "static call into code outside the body, returns a live resource that no effect boundary covers (Socket)",
            "journaled by Lazarus dev.lazarus.Lazarus.awaitEvent"
        }) {
            assertTrue(report.contains(expected), "missing '" + expected + "' in:\n" + report);
        }
    }

    @Test
    void showsWorkHandedToOtherThreadsAsBranchForksWithoutWarnings() {
        String[] r = run(
                "explain",
                "--classpath",
                "target/test-classes",
                FIXTURES.resolve("WarningsAgent.class").toString());
        assertEquals("0", r[0], r[2]);
        String report = r[1];
        for (String expected : new String[] {
            "branch fork      java.util.concurrent.ExecutorService.submit",
            "each task handed to the executor is a branch (ExecutorService.submit)",
            "branch fork      java.lang.Thread.<init>",
            "the task of a thread the body starts is a branch (new Thread)",
            "branch fork      java.util.List.parallelStream",
            "each element of a parallel stream is a branch"
        }) {
            assertTrue(report.contains(expected), "missing '" + expected + "' in:\n" + report);
        }
        List<String> forks = warningsAgentLines("branch fork");
        assertEquals(3, forks.size());
        for (String fork : forks) {
            assertTrue(
                    report.lines().noneMatch(l -> l.contains("WARNING " + fork + ":")),
                    () -> fork + " is a branch" + " fork, not a warning:\n" + report);
        }
    }

    @Test
    void badArgumentsGetOneLineAndANonZeroExit() {
        String[] none = run("explain");
        assertEquals("2", none[0]);
        assertEquals(1, none[2].strip().lines().count(), none[2]);
        String[] missing = run("explain", "/no/such/file.jar");
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("no file /no/such/file.jar"), missing[2]);
        String[] unknown = run("explain", "--bogus", "x");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[2].contains("unknown option --bogus"), unknown[2]);
    }
}
