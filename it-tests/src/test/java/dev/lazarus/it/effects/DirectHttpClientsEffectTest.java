package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.frameworks.ApacheForecastAgent;
import dev.lazarus.it.apps.frameworks.UrlConnectionForecastAgent;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache HttpClient 5 and {@code HttpURLConnection}, each called directly from a durable body as its
 * documentation shows. Killed after the second of three exchanges (the second one a 404, read as the client
 * reads an error), the restarted process answers the first two from the journal — the server sees each request
 * once — and returns what a run without the agent returns.
 */
@ExtendWith(ChildJvms.class)
class DirectHttpClientsEffectTest {
    /** The second exchange ends with an error status, and is answered from the journal after the kill. */
    private static final String[] CITIES = {"oslo", ForecastServer.UNKNOWN, "lima"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void apacheHttpClientExchangesAreAnsweredAfterAKill(Jdk jdk, @TempDir Path dir) throws Exception {
        killAfterSecondExchangeAndResume(jdk, dir, ApacheForecastAgent.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void httpUrlConnectionExchangesAreAnsweredAfterAKill(Jdk jdk, @TempDir Path dir) throws Exception {
        killAfterSecondExchangeAndResume(jdk, dir, UrlConnectionForecastAgent.class);
    }

    private static void killAfterSecondExchangeAndResume(Jdk jdk, Path dir, Class<?> app, String... options)
            throws Exception {
        List<String> agentOptions = new ArrayList<>(List.of("journal=" + dir.resolve("journal"), "recover=manual"));
        agentOptions.addAll(List.of(options));
        String expected;
        try (FakeServer server = ForecastServer.start()) {
            ChildProcess plain = ChildJvm.on(jdk, dir, "plain")
                    .classpath(ItEnv.effectsClasspath())
                    .main(app, ForecastServer.args(server, "trip-1", CITIES))
                    .run(60);
            plain.assertExit(0, Apps.EXIT);
            expected = plain.stdoutValue("RESULT ");
            assertEquals(List.of(CITIES), ForecastServer.citiesSeen(server), "the plain run's requests");
        }
        try (FakeServer server = ForecastServer.start()) {
            ChildProcess first = ChildJvm.on(jdk, dir, "first")
                    .agent(agentOptions.toArray(new String[0]))
                    .classpath(ItEnv.effectsClasspath())
                    .blockAt("gate:after-2")
                    .main(app, ForecastServer.args(server, "trip-1", CITIES))
                    .start();
            first.awaitStdout("^BLOCKED gate:after-2$", Apps.WAIT);
            first.kill();
            assertEquals(List.of(CITIES).subList(0, 2), ForecastServer.citiesSeen(server), "before the kill");

            ChildProcess second = ChildJvm.on(jdk, dir, "second")
                    .agent(agentOptions.toArray(new String[0]))
                    .classpath(ItEnv.effectsClasspath())
                    .main(app, ForecastServer.args(server, "trip-1", CITIES))
                    .start();
            second.assertExit(0, Apps.EXIT);
            assertEquals(expected, second.stdoutValue("RESULT "), second.describeFully());
            assertEquals(
                    List.of(CITIES),
                    ForecastServer.citiesSeen(server),
                    "each city's request reached the server once:\n" + server.requests());
        }
    }
}
