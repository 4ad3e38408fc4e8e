package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.effects.AsyncHttpAgent;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.FakeServer;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK's {@code HttpClient} through its asynchronous API in a durable body ({@link AsyncHttpAgent}): a
 * fan-out of {@code sendAsync(...).thenApply(HttpResponse::body)} joined in order, then a chat completion streamed
 * as server-sent events through {@code sendAsync} with {@code BodyHandlers.ofLines()}. Each asynchronous exchange
 * is a branch of the execution, journaled by the client's thread that completes it. Killed inside the fan-out
 * (one forecast in flight at the server), after it, in the middle of the stream (the server holds it after two
 * events) and after it, the resumed process sends each request once in all except the one in flight at the kill,
 * and answers what a run without the agent answers, without any divergence.
 */
@ExtendWith(ChildJvms.class)
class AsyncHttpEffectTest {
    private static final List<String> CITIES = List.of("oslo", "lima", "pune");
    private static final String WEATHER = "/tools/weather";
    private static final String CHAT = "/v1/chat/completions";

    /** Where the first durable run is killed. */
    enum Kill {
        /** the last city's forecast is at the server, unanswered; the others were joined */
        IN_FAN_OUT(null),
        AFTER_FAN_OUT("gate:after-fan-out"),
        /** the server sent two events of the stream and holds the rest */
        MID_STREAM(null),
        AFTER_STREAM("gate:after-stream");

        final String gate;

        Kill(String gate) {
            this.gate = gate;
        }
    }

    static Stream<Arguments> kills() {
        return Jdk.all().flatMap(jdk -> Stream.of(Kill.values()).map(kill -> Arguments.of(jdk, kill)));
    }

    @ParameterizedTest(name = "{0}: killed {1}")
    @MethodSource("kills")
    void eachRequestOnceExceptTheOneInFlight(Jdk jdk, Kill kill, @TempDir Path dir) throws Exception {
        String expected;
        try (Server server = new Server()) {
            ChildProcess plain = ChildJvm.on(jdk, dir, "plain")
                    .classpath(ItEnv.effectsClasspath())
                    .main(AsyncHttpAgent.class, args(server))
                    .run(90);
            plain.assertExit(0, Apps.EXIT);
            expected = plain.stdoutValue("RESULT ");
        }
        try (Server server = new Server()) {
            ChildJvm firstJvm = durable(jdk, dir, "first", server);
            String lastCity = CITIES.get(CITIES.size() - 1);
            if (kill.gate != null) {
                firstJvm.blockAt(kill.gate);
            } else if (kill == Kill.IN_FAN_OUT) {
                server.hold(lastCity);
            } else {
                server.fake.holdStreamsAfter(2);
            }
            ChildProcess first = firstJvm.start();
            switch (kill) {
                case IN_FAN_OUT -> {
                    first.awaitStdout("^AT joined-" + (CITIES.size() - 1) + "$", Apps.WAIT);
                    awaitRequest(server.fake, WEATHER + "?city=" + lastCity, first);
                }
                case MID_STREAM -> first.awaitStdout("^AT chunk-2$", Apps.WAIT);
                default -> first.awaitStdout("^BLOCKED " + kill.gate + "$", Apps.WAIT);
            }
            first.kill();
            server.release();

            ChildProcess second = durable(jdk, dir, "second", server).start();
            second.assertExit(0, Apps.EXIT);

            assertEquals(expected, second.stdoutValue("RESULT "), second.describeFully());
            Map<String, Long> forecasts = server.fake.requests(WEATHER).stream()
                    .collect(Collectors.groupingBy(r -> r.path().replaceAll(".*city=", ""), Collectors.counting()));
            for (String city : CITIES) {
                long once = kill == Kill.IN_FAN_OUT && city.equals(lastCity) ? 2 : 1;
                assertEquals(once, forecasts.get(city), city + "'s forecast: " + forecasts);
            }
            List<String> chats = server.fake.requests(CHAT).stream()
                    .map(FakeServer.Request::body)
                    .toList();
            assertEquals(
                    kill == Kill.MID_STREAM ? 2 : 1,
                    chats.size(),
                    "the stream, requested again only if it" + " was in flight:\n" + chats);
            assertEquals(1, chats.stream().distinct().count(), "the same request each time");
            Effects.assertNoFalseDivergence(first, second);
        }
    }

    private static ChildJvm durable(Jdk jdk, Path dir, String name, Server server) {
        return ChildJvm.on(jdk, dir, name)
                .agent("journal=" + dir.resolve("journal"), "recover=manual")
                .classpath(ItEnv.effectsClasspath())
                .main(AsyncHttpAgent.class, args(server));
    }

    private static String[] args(Server server) {
        List<String> a = new ArrayList<>(List.of(server.fake.baseUrl(), "trip"));
        a.addAll(CITIES);
        return a.toArray(String[]::new);
    }

    private static void awaitRequest(FakeServer server, String path, ChildProcess child) throws InterruptedException {
        Instant deadline = Instant.now().plus(Apps.WAIT);
        while (server.requests(path).isEmpty()) {
            if (Instant.now().isAfter(deadline) || !child.isAlive()) {
                throw new AssertionError("no request to " + path + "\n" + child.describe());
            }
            Thread.sleep(Duration.ofMillis(20).toMillis());
        }
    }

    /**
     * A forecast service ({@code /tools/weather?city=}, plain text) and a chat-completions service that streams
     * its answer as server-sent events, one token per event, then {@code [DONE]}; both answer from the request
     * alone. A city's forecast can be held at the server, unanswered, until {@link #release}.
     */
    private static final class Server implements AutoCloseable {
        final FakeServer fake;
        private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

        Server() throws Exception {
            fake = FakeServer.start().route(WEATHER, this::weather).route(CHAT, r -> stream(r.body()));
        }

        void hold(String city) {
            held.put(city, new CountDownLatch(1));
        }

        void release() {
            held.values().forEach(CountDownLatch::countDown);
            held.clear();
            fake.releaseStreams();
        }

        private FakeServer.Response weather(FakeServer.Request r) {
            String city = r.path().replaceAll(".*city=", "");
            CountDownLatch latch = held.get(city);
            if (latch != null) {
                try {
                    latch.await(Apps.WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new FakeServer.Response(
                    200, "text/plain", List.of("sunny in " + city + ", " + (15 + city.length()) + "C"));
        }

        private static FakeServer.Response stream(String body) {
            String city = body.replaceAll(".*Summarize (\\w+) in.*", "$1");
            List<String> events = new ArrayList<>();
            for (String token : List.of("Fjords, ", "ferries ", "and ", "fish ", "in ", city, ".")) {
                events.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"content\":\"" + token + "\"}}]}\n\n");
            }
            events.add("data: [DONE]\n\n");
            return FakeServer.Response.events(events);
        }

        @Override
        public void close() {
            release();
            fake.close();
        }
    }
}
