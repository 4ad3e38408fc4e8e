package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.FakeServer;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The three runs of a framework scenario: without the agent (what the application answers), then with the
 * agent, killed where the test blocks it, then with the agent again, resuming the journal the first left.
 */
final class FrameworkRuns {
    private FrameworkRuns() {}

    /** @return what the application prints as its result without the agent */
    static String plain(Jdk jdk, Path dir, FakeServer server, Class<?> app, String... args) {
        ChildProcess plain = ChildJvm.on(jdk, dir, "plain")
                .classpath(ItEnv.effectsClasspath())
                .main(app, args)
                .run(90);
        plain.assertExit(0, Apps.EXIT);
        return plain.stdoutValue("RESULT ");
    }

    /** Runs the application with the agent until it blocks at {@code point}, and kills it there. */
    static void killAt(Jdk jdk, Path dir, String point, Class<?> app, String... args) {
        ChildProcess first =
                durable(jdk, dir, "first", app, args).blockAt(point).start();
        first.awaitStdout("^BLOCKED " + point + "$", Apps.WAIT);
        first.kill();
    }

    /**
     * Runs the application with the agent on the journal the killed run left, to its end.
     *
     * @return its result
     */
    static String resume(Jdk jdk, Path dir, Class<?> app, String... args) {
        ChildProcess second = durable(jdk, dir, "second", app, args).start();
        second.assertExit(0, Apps.EXIT);
        String output = String.join("\n", second.stdout()) + String.join("\n", second.stderr());
        assertFalse(output.contains("LAZ-301"), "the resumed run diverged:\n" + second.describeFully());
        return second.stdoutValue("RESULT ");
    }

    /** Asserts that the resumed run answered what the run without the agent answered. */
    static void assertSameResult(String expected, String resumed) {
        assertEquals(expected, resumed, "the resumed run's result");
    }

    /**
     * @return what the agent's command-line tool shows of the one execution in the scenario's journal: its steps
     *     with their callees, effects by their boundary's name
     */
    static String shown(Jdk jdk, Path dir) {
        Path journal = dir.resolve("journal");
        ChildProcess list = ChildJvm.on(jdk, dir, "list")
                .jar(ItEnv.agentJar(), "list", "--journal", journal.toString())
                .run(60);
        assertEquals(0, list.awaitExit(Apps.WAIT), list.describeFully());
        List<String> rows = list.stdout().stream().filter(l -> l.contains("#")).toList();
        assertEquals(1, rows.size(), "one execution in the journal:\n" + list.describeFully());
        ChildProcess show = ChildJvm.on(jdk, dir, "show")
                .jar(
                        ItEnv.agentJar(),
                        "show",
                        "--journal",
                        journal.toString(),
                        rows.get(0).split("\\s+")[0])
                .run(60);
        assertEquals(0, show.awaitExit(Apps.WAIT), show.describeFully());
        return String.join("\n", show.stdout());
    }

    /** @return how often {@code word} occurs in {@code text} */
    static int count(String text, String word) {
        return text.split(Pattern.quote(word), -1).length - 1;
    }

    private static ChildJvm durable(Jdk jdk, Path dir, String name, Class<?> app, String... args) {
        return ChildJvm.on(jdk, dir, name)
                .agent("journal=" + dir.resolve("journal"), "recover=manual")
                .classpath(ItEnv.effectsClasspath())
                .main(app, args);
    }
}
