package dev.lazarus.it.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lazarus.it.apps.parallel.FanOutStyle;
import dev.lazarus.it.apps.parallel.ParallelSchedule;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * The schedule test: the same fan-out under {@value #BATCHES}×{@value #PER_JVM} thread interleavings, each killed
 * and resumed. Each execution of {@link ParallelSchedule} has topics of its own, so the random tool delays (derived
 * from the topic and the run's seed) give each one its own order of lookups. A child JVM runs {@value #PER_JVM}
 * executions at once; the tool server holds one lookup of each execution, chosen at random in either fan-out, and
 * when every execution has its held lookup at the server (so every execution is mid-fan-out, its other lookups
 * returned or still in flight as their delays fell) the JVM is killed with SIGKILL and started again on the same
 * journal, which resumes all of them. Each batch of executions is run uncrashed first, on a journal and a tool
 * server of its own: its results, lookups and model requests are what the killed and resumed batch must give.
 *
 * <p>What must hold: every execution's result is the one an uncrashed run of it gave; each lookup reached the tool
 * server once, except lookups in flight at the kill (not reported returned), sent again with the same step key;
 * each model request once; every execution {@code COMPLETED}, none diverged. The seed is printed and in every
 * failure message; {@code -Dit.parallel.seed=N} runs it again.
 */
@ExtendWith(ChildJvms.class)
class ParallelScheduleTest {
    private static final int BATCHES = 4;
    private static final int PER_JVM = 25;
    private static final int MAX_DELAY_MILLIS = 40;

    /** The first example, the one whose branches are elements by position, and virtual threads. */
    static Stream<Arguments> runs() {
        return Stream.of(
                arguments(Jdk.find(17), FanOutStyle.SUPPLY_ASYNC),
                arguments(Jdk.find(17), FanOutStyle.PARALLEL_STREAM),
                arguments(Jdk.find(25), FanOutStyle.VIRTUAL_EXECUTOR));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("runs")
    void everyInterleavingKilledMidFanOutResumesToTheUncrashedResult(Jdk jdk, FanOutStyle style, @TempDir Path dir)
            throws Exception {
        long seed = Long.getLong("it.parallel.seed", System.nanoTime());
        System.out.println("ParallelScheduleTest seed " + seed + " (-Dit.parallel.seed=" + seed + " to run it again)");
        Random random = new Random(seed);
        for (int batch = 0; batch < BATCHES; batch++) {
            int first = batch * PER_JVM;
            // the uncrashed run of the batch's executions, as many at once as in the killed run (a hundred at once
            // would keep more connections open than the JDK's HTTP server keeps idle, which then closes some)
            Map<String, String> expected;
            Map<String, List<String>> expectedTopics;
            Map<String, List<String>> expectedModelRequests;
            try (ToolServer server = ToolServer.start()) {
                Path uncrashedJournal = dir.resolve("uncrashed-journal-" + batch);
                ChildProcess uncrashed = schedule(
                                jdk, style, dir, "uncrashed-" + batch, uncrashedJournal, server, seed, first, PER_JVM)
                        .start();
                uncrashed.assertExit(0, Apps.EXIT);
                expected = results(uncrashed);
                assertEquals(PER_JVM, expected.size(), uncrashed::describeFully);
                expectedTopics = server.lookups().stream()
                        .collect(Collectors.groupingBy(
                                l -> executionOf(l.topic()),
                                Collectors.mapping(ToolServer.Lookup::topic, Collectors.toList())));
                expectedModelRequests =
                        server.modelRequests().stream().collect(Collectors.groupingBy(ParallelScheduleTest::userOf));
            }

            Path journal = dir.resolve("journal-" + batch);
            try (ToolServer server = ToolServer.start()) {
                Map<String, String> heldTopics = new LinkedHashMap<>();
                for (int n = first; n < first + PER_JVM; n++) {
                    String key = "s" + n;
                    List<String> topics = ordered(expected.get(key));
                    heldTopics.put(key, topics.get(random.nextInt(topics.size())));
                }
                Set<String> held = new HashSet<>(heldTopics.values());
                server.hold(held::contains);
                ChildProcess killed = schedule(
                                jdk, style, dir, "killed-" + batch, journal, server, seed, first, PER_JVM)
                        .start();
                ToolCallChecks.await(
                        "every execution's held lookup at the server " + heldTopics,
                        killed,
                        () -> server.held().size() == held.size());
                killed.kill();
                Set<String> journaledBeforeKill = ToolCallChecks.lookedUp(killed);
                server.release();

                ChildProcess resumed = schedule(
                                jdk, style, dir, "resumed-" + batch, journal, server, seed, first, PER_JVM)
                        .start();
                resumed.assertExit(0, Apps.EXIT);
                int b = batch;
                Supplier<String> context =
                        () -> style + ", seed " + seed + ", batch " + b + " (executions s" + first + " to s"
                                + (first + PER_JVM - 1) + "), held " + heldTopics + "\n" + killed.describeFully()
                                + resumed.describeFully() + JournalCli.describe(jdk, dir, "describe-" + b, journal);

                Map<String, String> results = results(resumed);
                List<String> batchTopics = new ArrayList<>();
                List<String> batchModelRequests = new ArrayList<>();
                for (int n = first; n < first + PER_JVM; n++) {
                    String key = "s" + n;
                    assertEquals(expected.get(key), results.get(key), () -> "execution " + key + "\n" + context.get());
                    batchTopics.addAll(expectedTopics.get(key));
                    batchModelRequests.addAll(expectedModelRequests.get(key));
                }
                ToolCallChecks.assertEachLookupOnce(batchTopics, server.lookups(), journaledBeforeKill, context);
                ToolCallChecks.assertSameModelRequests(batchModelRequests, server.modelRequests(), context);
                ToolCallChecks.assertNoDivergence(killed, resumed);
                Map<String, String> states = JournalCli.states(jdk, dir, "list-" + batch, journal, "#answer(");
                assertEquals(PER_JVM, states.size(), () -> states + "\n" + context.get());
                assertEquals(Set.of("COMPLETED"), Set.copyOf(states.values()), () -> states + "\n" + context.get());
                ToolCallChecks.assertNoOutsideWorkWarning(killed, resumed);
            }
        }
    }

    private static ChildJvm schedule(
            Jdk jdk,
            FanOutStyle style,
            Path dir,
            String name,
            Path journal,
            ToolServer server,
            long seed,
            int first,
            int count) {
        return ChildJvm.on(jdk, dir, name)
                .agent("journal=" + journal)
                .classpath(ItEnv.appClasspath())
                .property("it.tools.maxDelayMillis", String.valueOf(MAX_DELAY_MILLIS))
                .property("it.tools.delaySalt", String.valueOf(seed))
                .main(
                        ParallelSchedule.class,
                        server.baseUrl(),
                        style.name(),
                        String.valueOf(first),
                        String.valueOf(count));
    }

    /** @return the results the child printed, by execution key */
    private static Map<String, String> results(ChildProcess child) {
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : child.stdout()) {
            if (line.startsWith("RESULT ")) {
                String[] parts = line.split(" ", 3);
                results.put(parts[1], parts[2]);
            }
        }
        return results;
    }

    /** @return the topics of a result {@code answer <- [r1, ..] + [r5, ..]}, first fan-out then second */
    private static List<String> ordered(String result) {
        String lists =
                result.substring(result.indexOf(" <- ") + 4).replace("[", "").replace("]", "");
        return Stream.of(lists.split(", | \\+ ")).map(ToolServer::topicOfResult).collect(Collectors.toList());
    }

    /** @return the execution a topic belongs to: {@code s7-b} and {@code more-s7-b-1} are {@code s7}'s */
    private static String executionOf(String topic) {
        String t = topic.startsWith("more-") ? topic.substring("more-".length()) : topic;
        return t.substring(0, t.indexOf('-'));
    }

    private static String userOf(String modelRequestBody) {
        int at = modelRequestBody.indexOf("\"user\":\"") + "\"user\":\"".length();
        return modelRequestBody.substring(at, modelRequestBody.indexOf('"', at));
    }
}
