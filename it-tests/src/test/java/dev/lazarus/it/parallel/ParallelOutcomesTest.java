package dev.lazarus.it.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lazarus.it.apps.parallel.BranchOutcome;
import dev.lazarus.it.apps.parallel.ParallelOutcomesAgent;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a body sees of forked work besides values ({@link BranchOutcome}: {@code invokeAny}'s winner, a lookup that
 * throws, a timed {@code get} that times out, a cancelled future) is the same after a kill: the process is killed
 * once the body has seen the outcome, and the tool server is set up for the restart so that deciding the outcome
 * again, live, would give another one (another mirror answers first; the held lookup answers at once, so neither
 * the timeout nor the cancellation would happen). The result must be the uncrashed run's, each lookup once but
 * those in flight at the kill (the losers, the held lookup) sent again with the same step key, {@code COMPLETED}.
 */
@ExtendWith(ChildJvms.class)
class ParallelOutcomesTest {
    private static final String KEY = "o1";

    static Stream<Arguments> runs() {
        return Stream.of(Jdk.find(17), Jdk.find(25))
                .flatMap(jdk -> Stream.of(BranchOutcome.values()).map(o -> arguments(jdk, o)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("runs")
    void theBodySeesTheSameOutcomeAfterAKill(Jdk jdk, BranchOutcome outcome, @TempDir Path dir) throws Exception {
        String expected;
        List<String> expectedTopics;
        try (ToolServer server = beforeTheKill(outcome, ToolServer.start())) {
            ChildProcess uncrashed = agent(jdk, dir, "uncrashed", dir.resolve("uncrashed-journal"), server, outcome)
                    .start();
            if (outcome == BranchOutcome.TIMEOUT) {
                // the held lookup is answered once the body has timed out waiting for it, and then waited for
                uncrashed.awaitStdout("^AT gate:after-outcome$", Apps.WAIT);
                server.release();
            }
            uncrashed.assertExit(0, Apps.EXIT);
            expected = uncrashed.stdoutValue("RESULT ");
            expectedTopics =
                    server.lookups().stream().map(ToolServer.Lookup::topic).toList();
            ToolCallChecks.assertNoDivergence(uncrashed);
        }

        Path journal = dir.resolve("journal");
        try (ToolServer server = beforeTheKill(outcome, ToolServer.start())) {
            ChildProcess first = agent(jdk, dir, "first", journal, server, outcome)
                    .blockAt("gate:after-outcome")
                    .start();
            first.awaitStdout("^BLOCKED gate:after-outcome$", Apps.WAIT);
            first.kill();
            server.release();
            afterTheKill(outcome, server);
            Set<String> inFlightAtKill = inFlightAtKill(outcome);
            Set<String> journaledBeforeKill = server.lookups().stream()
                    .map(ToolServer.Lookup::topic)
                    .filter(t -> !inFlightAtKill.contains(t))
                    .collect(Collectors.toSet());

            ChildProcess second =
                    agent(jdk, dir, "second", journal, server, outcome).start();
            second.assertExit(0, Apps.EXIT);
            Supplier<String> context = () -> outcome + " on " + jdk + "\n" + first.describeFully()
                    + second.describeFully() + JournalCli.describe(jdk, dir, "describe", journal);
            assertEquals(expected, second.stdoutValue("RESULT "), () -> "the uncrashed run's result\n" + context.get());
            ToolCallChecks.assertEachLookupOnce(expectedTopics, server.lookups(), journaledBeforeKill, context);
            ToolCallChecks.assertNoDivergence(first, second);
            assertEquals(Map.of(KEY, "COMPLETED"), JournalCli.states(jdk, dir, "list", journal, "#run("), context);
            ToolCallChecks.assertNoOutsideWorkWarning(first, second);
        }
    }

    /** The tool server of the uncrashed run and of the run to be killed. */
    private static ToolServer beforeTheKill(BranchOutcome outcome, ToolServer server) {
        switch (outcome) {
            case INVOKE_ANY:
                return server.hold(t -> t.contains("-mirror-") && !t.endsWith("-mirror-b")); // b wins
            case THROWS:
                return server.failing(t -> t.endsWith("-broken"));
            case TIMEOUT:
            case CANCEL:
                return server.hold(t -> t.endsWith("-slow"));
            default:
                throw new IllegalArgumentException(outcome.toString());
        }
    }

    /** What the restart meets, were it to decide again: another mirror first; the held lookup answers at once. */
    private static void afterTheKill(BranchOutcome outcome, ToolServer server) {
        switch (outcome) {
            case INVOKE_ANY:
                server.slow(t -> t.contains("-mirror-") && !t.endsWith("-mirror-c"), 3_000); // c would win
                break;
            case THROWS:
                break; // the broken tool still fails, with another message were it asked again (another step key)
            default:
                break; // the held lookup was held once only: sent again, it is answered at once
        }
    }

    /** @return the lookups that may have been unfinished when the process was killed */
    private static Set<String> inFlightAtKill(BranchOutcome outcome) {
        switch (outcome) {
            case INVOKE_ANY:
                return Set.of(KEY + "-mirror-a", KEY + "-mirror-c"); // the losers, cancelled as the winner returned
            case TIMEOUT:
            case CANCEL:
                return Set.of(KEY + "-slow");
            default:
                return Set.of();
        }
    }

    private static ChildJvm agent(
            Jdk jdk, Path dir, String name, Path journal, ToolServer server, BranchOutcome outcome) {
        return ChildJvm.on(jdk, dir, name)
                .agent("journal=" + journal, "recover=manual")
                .classpath(ItEnv.appClasspath())
                .main(ParallelOutcomesAgent.class, server.baseUrl(), outcome.name(), KEY);
    }
}
