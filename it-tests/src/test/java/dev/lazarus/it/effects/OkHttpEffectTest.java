package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.sdk.OkHttpAgent;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.FakeServer;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OkHttp used directly in a durable body: each exchange is journaled at {@code RealCall.execute}, where OkHttp
 * defines it, and the body gets a real {@code okhttp3.Response} made from the journaled data, live and on
 * replay. Killed between two exchanges, or after a server-sent-event stream was read, the restarted process
 * answers what was journaled — the server sees each request once — serves the stream from the journal as a
 * stream, and returns what a run without the agent returns.
 */
@ExtendWith(ChildJvms.class)
class OkHttpEffectTest {
    private static final Pattern CITY = Pattern.compile("\"city\":\"([^\"]+)\"");
    private static final String[] CITIES = {"oslo", "lima", "pune"};

    static Stream<Arguments> killPoints() {
        return Jdk.all()
                .flatMap(jdk -> Stream.of(
                        Arguments.of(jdk, "after-2", 2, 0), Arguments.of(jdk, "after-stream", CITIES.length, 1)));
    }

    static FakeServer server() throws Exception {
        return FakeServer.start()
                .route("/v1/forecast", request -> {
                    String city = cityOf(request.body());
                    // the answer depends on the request, which carries the previous answer
                    String summary = "clear-" + city + "-" + request.body().length();
                    return FakeServer.Response.json("{\"summary\":\"" + summary + "\",\"city\":\"" + city + "\"}");
                })
                .route(
                        "/v1/alerts",
                        request -> FakeServer.Response.events(List.of(
                                "event: alert\ndata: wind " + request.path().length() + "\n\n",
                                "event: alert\ndata: rain\n\n",
                                ": keep-alive\n\n",
                                "event: alert\ndata: done\n\n")));
    }

    @ParameterizedTest(name = "{0}: killed at {1}")
    @MethodSource("killPoints")
    void exchangesAreJournaledAtTheCallAndAnsweredAfterAKill(
            Jdk jdk, String killAt, int forecastsBeforeKill, int streamsBeforeKill, @TempDir Path dir)
            throws Exception {
        String expected;
        try (FakeServer server = server()) {
            ChildProcess plain = ChildJvm.on(jdk, dir, "plain")
                    .classpath(ItEnv.effectsClasspath())
                    .main(OkHttpAgent.class, args(server))
                    .run(60);
            plain.assertExit(0, Apps.EXIT);
            expected = plain.stdoutValue("RESULT ");
            assertEquals(CITIES.length + 1, server.requests().size(), "the plain run's requests");
        }
        try (FakeServer server = server()) {
            Path journal = dir.resolve("journal");
            ChildProcess first = ChildJvm.on(jdk, dir, "first")
                    .agent("journal=" + journal, "recover=manual")
                    .classpath(ItEnv.effectsClasspath())
                    .blockAt("gate:" + killAt)
                    .main(OkHttpAgent.class, args(server))
                    .start();
            first.awaitStdout("^BLOCKED gate:" + killAt + "$", Apps.WAIT);
            first.kill();
            assertEquals(forecastsBeforeKill, server.requests("/v1/forecast").size(), "before the kill");
            assertEquals(streamsBeforeKill, server.requests("/v1/alerts").size(), "before the kill");

            ChildProcess second = ChildJvm.on(jdk, dir, "second")
                    .agent("journal=" + journal, "recover=manual")
                    .classpath(ItEnv.effectsClasspath())
                    .main(OkHttpAgent.class, args(server))
                    .start();
            second.assertExit(0, Apps.EXIT);
            assertEquals(expected, second.stdoutValue("RESULT "), second.describeFully());
            List<FakeServer.Request> seen = server.requests("/v1/forecast");
            assertEquals(
                    List.of(CITIES),
                    seen.stream().map(r -> cityOf(r.body())).toList(),
                    "each city's request reached the server once:\n" + seen);
            assertEquals(1, server.requests("/v1/alerts").size(), "the stream was requested once");
            Effects.assertNoFalseDivergence(first, second);
        }
    }

    private static String[] args(FakeServer server) {
        List<String> a = new ArrayList<>(List.of(server.baseUrl(), "trip-1"));
        a.addAll(List.of(CITIES));
        return a.toArray(String[]::new);
    }

    private static String cityOf(String body) {
        Matcher m = CITY.matcher(body);
        return m.find() ? m.group(1) : "?";
    }
}
