package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.FakeServer;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Kotlin agent (data classes and {@code copy}, a sequence pipeline whose lambda fetches pages over
 * {@code java.net.http}, {@code joinToString}, {@code by lazy}) killed after its search, or between two page
 * fetches inside the sequence, then restarted: the search and every page reached the outside world once, the
 * result is that of a run without the agent, and the execution never diverges.
 */
@ExtendWith(ChildJvms.class)
class KotlinEffectsTest {
    private static final String MAIN = "dev.lazarus.it.apps.kotlin.KotlinResearch";

    static Stream<Arguments> killPoints() {
        return Jdk.all()
                .flatMap(jdk -> Stream.of("gate:searched", "gate:page-mars-2").map(point -> Arguments.of(jdk, point)));
    }

    private static FakeServer pages() throws Exception {
        return FakeServer.start()
                .route(
                        "/v1/page",
                        request -> FakeServer.Response.json("page of "
                                + request.path().substring(request.path().indexOf('=') + 1)));
    }

    @ParameterizedTest(name = "{0}: killed at {1}")
    @MethodSource("killPoints")
    void killedAnywhereItResumesWithEachEffectOnce(Jdk jdk, String killPoint, @TempDir Path dir) throws Exception {
        String expected;
        try (FakeServer server = pages()) {
            LedgerFile plainLedger = new LedgerFile(dir.resolve("plain-ledger"));
            ChildProcess plain = ChildJvm.on(jdk, dir, "plain")
                    .classpath(ItEnv.effectsClasspath())
                    .ledger(plainLedger.path())
                    .main(MAIN, server.baseUrl(), "mars")
                    .run(60);
            plain.assertExit(0, Apps.EXIT);
            expected = plain.stdoutValue("RESULT ");
        }
        try (FakeServer server = pages()) {
            LedgerFile ledger = new LedgerFile(dir.resolve("ledger"));
            Path journal = dir.resolve("journal");
            ChildProcess first = ChildJvm.on(jdk, dir, "first")
                    .agent("journal=" + journal, "recover=manual")
                    .classpath(ItEnv.effectsClasspath())
                    .ledger(ledger.path())
                    .allowStderr("lazarus - .*LAZ-208")
                    .blockAt(killPoint)
                    .main(MAIN, server.baseUrl(), "mars")
                    .start();
            first.awaitStdout("^BLOCKED " + killPoint + "$", Apps.WAIT);
            first.kill();

            ChildProcess second = ChildJvm.on(jdk, dir, "second")
                    .agent("journal=" + journal, "recover=manual")
                    .classpath(ItEnv.effectsClasspath())
                    .ledger(ledger.path())
                    .allowStderr("lazarus - .*LAZ-208")
                    .main(MAIN, server.baseUrl(), "mars")
                    .start();
            second.assertExit(0, Apps.EXIT);

            assertEquals(expected, second.stdoutValue("RESULT "), second.describeFully());
            assertEquals(1, ledger.count("search", "mars"), "the search ran once:\n" + ledger.dump());
            List<String> fetched = server.requests("/v1/page").stream()
                    .map(FakeServer.Request::path)
                    .toList();
            assertEquals(
                    List.of("/v1/page?source=mars-1", "/v1/page?source=mars-2", "/v1/page?source=mars-3"),
                    fetched,
                    "each page was fetched once");
            assertTrue(
                    Stream.concat(first.stderr().stream(), second.stderr().stream())
                            .noneMatch(l -> l.contains("LAZ-301") || l.contains("DIVERGED")),
                    second.describeFully());
        }
    }
}
