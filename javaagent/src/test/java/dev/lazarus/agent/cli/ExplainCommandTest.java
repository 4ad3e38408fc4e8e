package dev.lazarus.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
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
            "WarningsAgent.java:20: an I/O resource (FileInputStream) is opened inside the durable body",
            "WarningsAgent.java:23: work handed to another thread (ExecutorService.submit)",
            "WarningsAgent.java:24: a thread started from the durable body",
            "WarningsAgent.java:25: parallel stream in the durable body",
            "WarningsAgent.java:26: synchronized block in the durable body",
            "WarningsAgent.java:27: Object.notifyAll in the durable body",
            "WarningsAgent.java:29: static field WarningsAgent.counter is written in the durable body",
            "WarningsAgent.java:30: LAZ-007: dev.lazarus.agent.internal.instrumentation.fixtures.WarningsAgent$Sockets.open"
                    + " returns a live resource (Socket)",
            "static call into code outside the body, returns a live resource that no effect boundary covers (Socket)",
            "journaled by Lazarus dev.lazarus.Lazarus.awaitEvent"
        }) {
            assertTrue(report.contains(expected), "missing '" + expected + "' in:\n" + report);
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
