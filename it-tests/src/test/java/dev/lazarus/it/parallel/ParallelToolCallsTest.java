package dev.lazarus.it.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lazarus.it.apps.parallel.FanOutStyle;
import dev.lazarus.it.apps.parallel.ParallelToolsAgent;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Parallel tool calls in a durable body, every way the JDK offers to fan out ({@link FanOutStyle}): an agent's
 * turn of four lookups at once, the model's digest, four more lookups at once and the final answer
 * ({@link ParallelToolsAgent}), killed before, inside and after each fan-out and resumed on the same journal.
 *
 * <p>What must hold, from the tool server's ledger and the children: each lookup reached the server once, except
 * a lookup in flight at the kill, which may have been sent again with the same step key; each model request once;
 * the resumed run's result is the result of an uncrashed run (run first, with the agent, against a server that
 * makes each lookup wait for another one, which proves they overlap); the execution ends {@code COMPLETED},
 * nothing diverged.
 *
 * <p>Every style and kill point on JDK 17; on JDK 25 every style, those that need it (virtual threads, structured
 * concurrency) included, each killed inside both fan-outs.
 */
@ExtendWith(ChildJvms.class)
class ParallelToolCallsTest {
    private static final String KEY = "turn-1";
    private static final List<String> TOPICS = List.of("weather-oslo", "flights-oslo", "hotels-oslo", "events-oslo");
    private static final String VIRTUAL_THREADS_AGENT = "dev.lazarus.it.apps.parallel.VirtualThreadsAgent";
    private static final String STRUCTURED_SCOPE_AGENT = "dev.lazarus.it.apps.parallel.StructuredScopeAgent";

    /** The uncrashed runs, by JDK and style: computed once, shared by that style's kill points. */
    private static final Map<String, Reference> REFERENCES = new HashMap<>();
    /** Uncrashed runs so far: each gets a journal of its own (a failed one is not cached, and runs again). */
    private static int referenceRuns;

    @TempDir
    static Path referenceDir;

    /** Where the first run is killed. */
    enum Kill {
        BEFORE_FIRST_FANOUT("gate:before-fanout-1", 0),
        /** three lookups of the first fan-out returned, the fourth held at the server */
        INSIDE_FIRST_FANOUT(null, 1),
        AFTER_DIGEST("gate:after-digest", 0),
        /** three lookups of the second fan-out returned, the fourth held at the server */
        INSIDE_SECOND_FANOUT(null, 2),
        AFTER_FANOUTS("gate:after-fanout-2", 0);

        final String gate;
        final int fanOut;

        Kill(String gate, int fanOut) {
            this.gate = gate;
            this.fanOut = fanOut;
        }
    }

    /** What an uncrashed run with the agent did. */
    private record Reference(
            String result, List<String> lookups, List<String> modelRequests, List<String> first, List<String> second) {}

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (FanOutStyle style : FanOutStyle.values()) {
            if (style.sinceJdk() <= 17) {
                for (Kill kill : Kill.values()) {
                    runs.add(arguments(Jdk.find(17), style, kill));
                }
            }
        }
        for (FanOutStyle style : FanOutStyle.values()) {
            runs.add(arguments(Jdk.find(25), style, Kill.INSIDE_FIRST_FANOUT));
            runs.add(arguments(Jdk.find(25), style, Kill.INSIDE_SECOND_FANOUT));
        }
        String only = System.getProperty("it.parallel.only");
        return only == null
                ? runs.stream()
                : runs.stream().filter(a -> java.util.Arrays.toString(a.get()).matches(only));
    }

    @ParameterizedTest(name = "{0}: {1} killed {2}")
    @MethodSource("runs")
    void killedAndResumedItAnswersAsAnUncrashedRunWithEachToolCallOnce(
            Jdk jdk, FanOutStyle style, Kill kill, @TempDir Path dir) throws Exception {
        Reference reference = reference(jdk, style);
        Path journal = dir.resolve("journal");
        try (ToolServer server = ToolServer.start()) {
            String heldTopic = null;
            List<String> returnedFirst = List.of();
            if (kill.gate == null) {
                List<String> fanOut = kill.fanOut == 1 ? reference.first() : reference.second();
                heldTopic = fanOut.get(2);
                returnedFirst =
                        fanOut.stream().filter(t -> !t.equals(fanOut.get(2))).toList();
                server.hold(heldTopic::equals);
            }
            ChildJvm firstJvm = agent(jdk, style, dir, "first", journal, server);
            if (kill.gate != null) {
                firstJvm.blockAt(kill.gate);
            }
            ChildProcess first = firstJvm.start();
            if (kill.gate != null) {
                first.awaitStdout("^BLOCKED " + kill.gate + "$", Apps.WAIT);
            } else {
                String held = heldTopic;
                List<String> others = returnedFirst;
                ToolCallChecks.await(
                        "lookup of " + held + " held at the server with " + others + " returned",
                        first,
                        () -> server.held().contains(held)
                                && ToolCallChecks.lookedUp(first).containsAll(others));
            }
            first.kill();
            Set<String> journaledBeforeKill = ToolCallChecks.lookedUp(first);
            server.release();

            ChildProcess second =
                    agent(jdk, style, dir, "second", journal, server).start();
            second.assertExit(0, Apps.EXIT);
            Supplier<String> context = () -> "style " + style + " on " + jdk + ", killed " + kill + "\n"
                    + first.describeFully() + second.describeFully()
                    + JournalCli.describe(jdk, dir, "describe", journal);

            ToolCallChecks.assertEachLookupOnce(reference.lookups(), server.lookups(), journaledBeforeKill, context);
            ToolCallChecks.assertSameModelRequests(reference.modelRequests(), server.modelRequests(), context);
            assertEquals(
                    reference.result(),
                    second.stdoutValue("RESULT "),
                    () -> "the uncrashed run's result\n" + context.get());
            ToolCallChecks.assertNoDivergence(first, second);
            assertEquals(Map.of(KEY, "COMPLETED"), JournalCli.states(jdk, dir, "list", journal, "#answer("), context);
        }
    }

    /** Runs the turn once with the agent, uncrashed, against a server that makes each lookup wait for company. */
    private static synchronized Reference reference(Jdk jdk, FanOutStyle style) throws Exception {
        String id = jdk.feature() + "-" + style;
        Reference known = REFERENCES.get(id);
        if (known != null) {
            return known;
        }
        Path dir = referenceDir.resolve(id + "-" + referenceRuns++);
        Path journal = dir.resolve("journal");
        try (ToolServer server = ToolServer.start().requireOverlap()) {
            ChildProcess run =
                    agent(jdk, style, dir, "uncrashed-" + id, journal, server).start();
            run.assertExit(0, Apps.EXIT);
            String result = run.stdoutValue("RESULT ");
            Supplier<String> context = () -> run.describeFully();
            // the lookups overlap: at least half of them had another at the server at once (a parallel stream on
            // 2 cores may split four elements three and one, leaving two of them alone)
            assertTrue(
                    server.lonelyLookups().size() <= server.lookups().size() / 2,
                    () -> "the lookups should overlap in time; these waited " + ToolServer.OVERLAP_WAIT_SECONDS
                            + "s alone: " + server.lonelyLookups() + "\n" + context.get());
            List<String> topics =
                    server.lookups().stream().map(ToolServer.Lookup::topic).toList();
            ToolCallChecks.assertEachLookupOnce(topics, server.lookups(), Set.copyOf(topics), context);
            assertEquals(8, topics.size(), () -> "two fan-outs of four lookups: " + topics + "\n" + context.get());
            assertEquals(2, server.modelRequests().size(), () -> "the digest and the answer\n" + context.get());
            ToolCallChecks.assertNoDivergence(run);
            assertEquals(Map.of(KEY, "COMPLETED"), JournalCli.states(jdk, dir, "list-" + id, journal, "#answer("));
            List<String> first = resultTopics(result, 0);
            List<String> second = resultTopics(result, 1);
            assertEquals(TOPICS, first, () -> "the first fan-out's results, in topic order: " + result);
            Reference reference = new Reference(result, topics, server.modelRequests(), first, second);
            ToolCallChecks.assertNoOutsideWorkWarning(run);
            REFERENCES.put(id, reference);
            return reference;
        }
    }

    /** @return the topics of the results of fan-out {@code index} in a result {@code answer <- [..] + [..]} */
    private static List<String> resultTopics(String result, int index) {
        String list = result.substring(result.indexOf(" <- ") + 4).split(" \\+ ")[index];
        return Stream.of(list.substring(1, list.length() - 1).split(", "))
                .map(ToolServer::topicOfResult)
                .collect(Collectors.toList());
    }

    private static ChildJvm agent(Jdk jdk, FanOutStyle style, Path dir, String name, Path journal, ToolServer server)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(server.baseUrl(), style.name(), KEY));
        args.addAll(TOPICS);
        ChildJvm child = ChildJvm.on(jdk, dir, name).agent("journal=" + journal, "recover=manual");
        if (style == FanOutStyle.VIRTUAL_THREADS) {
            return child.classpath(NewerJdkApps.java21(jdk)).main(VIRTUAL_THREADS_AGENT, args.toArray(String[]::new));
        }
        if (style == FanOutStyle.STRUCTURED_SCOPE) {
            return child.classpath(NewerJdkApps.java25Preview(jdk))
                    .jvmFlag("--enable-preview")
                    .main(STRUCTURED_SCOPE_AGENT, args.toArray(String[]::new));
        }
        return child.classpath(ItEnv.appClasspath()).main(ParallelToolsAgent.class, args.toArray(String[]::new));
    }
}
