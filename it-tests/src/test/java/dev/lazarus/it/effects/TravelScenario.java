package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.FakeServer;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One LLM agent run three ways against a fresh {@link TravelServer} each: without the agent (what the answer
 * must be), with the agent killed at a chosen point, and with the agent again on the same journal until it
 * finishes. Then the ledger of the second server tells what reached the outside world across the crash.
 */
final class TravelScenario {
    /** Where the first durable run is killed. */
    enum Kill {
        /** after the first model turn, in the body */
        BETWEEN_TURNS("gate:turn-1"),
        /** inside the booking tool, after the booking request was answered */
        INSIDE_TOOL_AFTER_ITS_EFFECT("gate:tool-booked"),
        /** while the booking request is at the tool server, unanswered */
        BOOKING_IN_FLIGHT(null),
        /** after the streamed completion was read to its end */
        AFTER_STREAM("gate:after-stream");

        final String gate;

        Kill(String gate) {
            this.gate = gate;
        }
    }

    /** What a scenario saw: the answers, the ledger of the crashed-and-resumed runs, and the two children. */
    record Outcome(
            String expected, String resumed, List<FakeServer.Request> ledger, ChildProcess first, ChildProcess second) {
        List<FakeServer.Request> requests(String pathPrefix) {
            return ledger.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
        }
    }

    private TravelScenario() {}

    static Outcome run(Jdk jdk, Path dir, Class<?> main, Kill kill, String... args) throws Exception {
        String expected;
        try (TravelServer server = TravelServer.start()) {
            ChildProcess plain = ChildJvm.on(jdk, dir, "plain")
                    .classpath(ItEnv.effectsClasspath())
                    .main(main, arguments(server, args))
                    .run(90);
            plain.assertExit(0, Apps.EXIT);
            expected = plain.stdoutValue("RESULT ");
        }
        try (TravelServer server = TravelServer.start()) {
            Path journal = dir.resolve("journal");
            ChildJvm firstJvm = ChildJvm.on(jdk, dir, "first")
                    .agent("journal=" + journal, "recover=manual")
                    .classpath(ItEnv.effectsClasspath())
                    .main(main, arguments(server, args));
            if (kill.gate != null) {
                firstJvm.blockAt(kill.gate);
            } else {
                server.holdNextBooking();
            }
            ChildProcess first = firstJvm.start();
            if (kill.gate != null) {
                first.awaitStdout("^BLOCKED " + kill.gate + "$", Apps.WAIT);
            } else {
                awaitRequest(server.server, "/tools/book", first);
            }
            first.kill();
            server.release();

            ChildProcess second = ChildJvm.on(jdk, dir, "second")
                    .agent("journal=" + journal, "recover=manual")
                    .classpath(ItEnv.effectsClasspath())
                    .main(main, arguments(server, args))
                    .start();
            second.assertExit(0, Apps.EXIT);
            return new Outcome(expected, second.stdoutValue("RESULT "), server.server.requests(), first, second);
        }
    }

    private static void awaitRequest(FakeServer server, String pathPrefix, ChildProcess child)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Apps.WAIT);
        while (server.requests(pathPrefix).isEmpty()) {
            if (Instant.now().isAfter(deadline) || !child.isAlive()) {
                throw new AssertionError("no request to " + pathPrefix + "\n" + child.describe());
            }
            Thread.sleep(Duration.ofMillis(20).toMillis());
        }
    }

    private static String[] arguments(TravelServer server, String... args) {
        List<String> a = new ArrayList<>();
        a.add(server.baseUrl());
        a.addAll(List.of(args));
        return a.toArray(String[]::new);
    }

    /**
     * Each model request and each tool effect reached the server once, except the booking in flight at the
     * kill, sent again with the same idempotency key; the resumed answer is the uncrashed one; nothing diverged.
     */
    static void assertExactlyOnce(Outcome o, String modelPath, Kill kill) {
        assertEquals(o.expected(), o.resumed(), o.second().describeFully());
        List<String> modelRequests =
                o.requests(modelPath).stream().map(FakeServer.Request::body).toList();
        assertEquals(3, modelRequests.size(), "three model turns:\n" + modelRequests);
        assertEquals(3, modelRequests.stream().distinct().count(), "each turn's request once:\n" + modelRequests);
        assertEquals(1, o.requests("/tools/weather").size(), "the weather tool once:\n" + o.ledger());
        List<FakeServer.Request> bookings = o.requests("/tools/book");
        if (kill == Kill.BOOKING_IN_FLIGHT) {
            assertEquals(2, bookings.size(), "the booking in flight at the kill was sent again:\n" + bookings);
            assertEquals(
                    bookings.get(0).header("Idempotency-Key"),
                    bookings.get(1).header("Idempotency-Key"),
                    "with the same step key");
        } else {
            assertEquals(1, bookings.size(), "the booking once:\n" + bookings);
        }
        assertEquals(
                1,
                bookings.stream()
                        .map(b -> b.header("Idempotency-Key"))
                        .distinct()
                        .count(),
                "one idempotency key");
        Effects.assertNoFalseDivergence(o.first(), o.second());
    }
}
