package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.effects.WeatherAgent;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.FakeServer;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java.net.http} with Jackson in a durable body: the exchange is journaled at the client's
 * {@code send}, where the JDK defines it, so the builders, body handlers and the response are plain recomputed
 * code. Killed after the second of three exchanges, the restarted process answers the first two from the
 * journal — the server sees each request once — and returns what a run without the agent returns.
 */
@ExtendWith(ChildJvms.class)
class JdkHttpClientEffectTest {
    private static final Pattern CITY = Pattern.compile("\"city\":\"([^\"]+)\"");

    private static FakeServer forecastServer() throws Exception {
        return FakeServer.start().route("/v1/forecast", request -> {
            Matcher m = CITY.matcher(request.body());
            String city = m.find() ? m.group(1) : "?";
            // the answer depends on the request, which carries the previous answer: a multi-turn exchange
            String summary = "clear-" + city + "-" + request.body().length();
            return FakeServer.Response.json("{\"summary\":\"" + summary + "\",\"city\":\"" + city + "\"}");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void exchangesAreJournaledAtTheClientAndAnsweredAfterAKill(Jdk jdk, @TempDir Path dir) throws Exception {
        String[] cities = {"oslo", "lima", "pune"};
        String expected;
        try (FakeServer server = forecastServer()) {
            ChildProcess plain = ChildJvm.on(jdk, dir, "plain")
                    .classpath(ItEnv.effectsClasspath())
                    .main(WeatherAgent.class, args(server, cities))
                    .run(60);
            plain.assertExit(0, Apps.EXIT);
            expected = plain.stdoutValue("RESULT ");
            assertEquals(cities.length, server.requests().size(), "the plain run's requests");
        }
        try (FakeServer server = forecastServer()) {
            Path journal = dir.resolve("journal");
            ChildProcess first = ChildJvm.on(jdk, dir, "first")
                    .agent("journal=" + journal, "recover=manual")
                    .classpath(ItEnv.effectsClasspath())
                    .blockAt("gate:after-2")
                    .main(WeatherAgent.class, args(server, cities))
                    .start();
            first.awaitStdout("^BLOCKED gate:after-2$", Apps.WAIT);
            first.kill();
            assertEquals(2, server.requests().size(), "requests before the kill:\n" + server.requests());

            ChildProcess second = ChildJvm.on(jdk, dir, "second")
                    .agent("journal=" + journal, "recover=manual")
                    .classpath(ItEnv.effectsClasspath())
                    .main(WeatherAgent.class, args(server, cities))
                    .start();
            second.assertExit(0, Apps.EXIT);
            assertEquals(expected, second.stdoutValue("RESULT "), second.describeFully());
            List<FakeServer.Request> seen = server.requests("/v1/forecast");
            assertEquals(
                    List.of(cities),
                    seen.stream().map(r -> cityOf(r.body())).toList(),
                    "each city's request reached the server once:\n" + seen);
        }
    }

    private static String[] args(FakeServer server, String[] cities) {
        String[] a = new String[cities.length + 2];
        a[0] = server.baseUrl();
        a[1] = "trip-1";
        System.arraycopy(cities, 0, a, 2, cities.length);
        return a;
    }

    private static String cityOf(String body) {
        Matcher m = CITY.matcher(body);
        return m.find() ? m.group(1) : "?";
    }
}
