package dev.lazarus.it.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Assertions the parallel tool-call scenarios share, all on what the outside world saw and the children said. */
final class ToolCallChecks {
    private ToolCallChecks() {}

    /** @return the topics whose lookups {@code child} reported as returned to their branch (so journaled) */
    static Set<String> lookedUp(ChildProcess child) {
        Set<String> topics = new HashSet<>();
        for (String line : child.stdout()) {
            if (line.startsWith("LOOKED-UP ")) {
                topics.add(ToolServer.topicOfResult(line.substring("LOOKED-UP ".length())));
            }
        }
        return topics;
    }

    /**
     * Each lookup reached the tool server once, but one that was in flight at the kill (not reported as returned
     * by the killed child), which may have been sent again with the same step key; the tool server saw the same
     * topics as in the uncrashed run; each lookup carried a step key of its own.
     *
     * @param expectedTopics the topics of the uncrashed run's lookups
     * @param journaledBeforeKill the topics the killed child reported as returned
     * @param context what to print on failure
     */
    static void assertEachLookupOnce(
            List<String> expectedTopics,
            List<ToolServer.Lookup> seen,
            Set<String> journaledBeforeKill,
            Supplier<String> context) {
        Map<String, List<ToolServer.Lookup>> byTopic = seen.stream()
                .collect(Collectors.groupingBy(ToolServer.Lookup::topic, LinkedHashMap::new, Collectors.toList()));
        assertEquals(
                new HashSet<>(expectedTopics),
                byTopic.keySet(),
                () -> "the tool server should see the topics of the uncrashed run; saw " + seen + "\n" + context.get());
        Map<String, String> topicByKey = new LinkedHashMap<>();
        for (Map.Entry<String, List<ToolServer.Lookup>> e : byTopic.entrySet()) {
            String topic = e.getKey();
            List<ToolServer.Lookup> requests = e.getValue();
            for (ToolServer.Lookup l : requests) {
                assertNotNull(
                        l.stepKey(),
                        () -> "lookup of " + topic + " carried no step key: " + seen + "\n" + context.get());
            }
            if (requests.size() == 1) {
                continue;
            }
            assertTrue(
                    requests.size() <= 2 && !journaledBeforeKill.contains(topic),
                    () -> "lookup of " + topic + " reached the tool server " + requests.size() + " times"
                            + (journaledBeforeKill.contains(topic) ? " though it had returned before the kill" : "")
                            + ": " + requests + "\n" + context.get());
            assertEquals(
                    requests.get(0).stepKey(),
                    requests.get(1).stepKey(),
                    () -> "lookup of " + topic + ", in flight at the kill, was sent again with another step key\n"
                            + context.get());
        }
        for (ToolServer.Lookup l : seen) {
            String other = topicByKey.putIfAbsent(l.stepKey(), l.topic());
            assertTrue(
                    other == null || other.equals(l.topic()),
                    () -> "lookups of " + other + " and " + l.topic() + " share the step key " + l.stepKey() + "\n"
                            + context.get());
        }
    }

    /** Each model request of the uncrashed run reached the model once, and no other did. */
    static void assertSameModelRequests(List<String> expected, List<String> seen, Supplier<String> context) {
        assertEquals(
                sorted(expected),
                sorted(seen),
                () -> "each model request once, the same as in the uncrashed run\n" + context.get());
    }

    /** Fails if a child reported a divergence or a result it could not journal. */
    static void assertNoDivergence(ChildProcess... children) {
        for (ChildProcess child : children) {
            List<String> bad = child.stderr().stream()
                    .filter(l -> l.contains("LAZ-301") || l.contains("LAZ-204") || l.contains("DIVERGED"))
                    .toList();
            assertEquals(List.of(), bad, child.describeFully());
        }
    }

    /**
     * Fails if a child's agent warned that work of the durable body runs outside the execution: the fan-outs of
     * these scenarios are branches of it.
     */
    static void assertNoOutsideWorkWarning(ChildProcess... children) {
        for (ChildProcess child : children) {
            List<String> bad = child.stderr().stream()
                    .filter(l -> l.contains("outside the execution"))
                    .toList();
            assertEquals(List.of(), bad, child.describeFully());
        }
    }

    /** Waits until {@code condition} holds; fails with the child's output if it exits first or after {@link Apps#WAIT}. */
    static void await(String what, ChildProcess child, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Apps.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!child.isAlive()) {
                throw new AssertionError(child.name() + " exited before " + what + "\n" + child.describe());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + Apps.WAIT.toSeconds() + "s\n" + child.describe());
            }
            Thread.sleep(Duration.ofMillis(10).toMillis());
        }
    }

    private static List<String> sorted(List<String> values) {
        List<String> s = new ArrayList<>(values);
        s.sort(null);
        return s;
    }
}
