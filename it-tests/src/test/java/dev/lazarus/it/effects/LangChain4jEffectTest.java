package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.frameworks.LangChain4jConcierge;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.FakeServer;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LangChain4j {@code AiServices} with a {@code @Tool} that books a table over HTTP, the assistant in a field,
 * one {@code chat} per city. The chat model's exchanges (the JDK client under LangChain4j's HTTP layer) and the
 * tool's booking ({@code HttpURLConnection}) are journaled where they happen, inside the journaled
 * {@code chat} call. Killed inside a tool call, or between turns, the resumed process sends the server each
 * chat request and each booking exactly once in all — the same requests, in the same order, as a run without
 * the agent — and answers the same.
 */
@ExtendWith(ChildJvms.class)
class LangChain4jEffectTest {
    private static final String[] CITIES = {"oslo", "lima", "pune"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void killedInsideAToolCall(Jdk jdk, @TempDir Path dir) throws Exception {
        killAndResume(jdk, dir, "tool:booked-lima", 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void killedBetweenTurns(Jdk jdk, @TempDir Path dir) throws Exception {
        killAndResume(jdk, dir, "gate:turn-1", 1);
    }

    /**
     * @param bookedBeforeKill how many bookings the server has seen when the process blocks at {@code point}
     */
    private static void killAndResume(Jdk jdk, Path dir, String point, int bookedBeforeKill) throws Exception {
        String expected;
        List<String> expectedChats;
        List<String> expectedBookings;
        try (FakeServer server = FakeOpenAi.start()) {
            expected = FrameworkRuns.plain(jdk, dir, server, LangChain4jConcierge.class, args(server));
            expectedChats = FakeOpenAi.chatRequests(server);
            expectedBookings = FakeOpenAi.bookings(server);
            // one tool call, then the final answer, per city
            assertEquals(2 * CITIES.length, expectedChats.size(), "chat requests without the agent");
            assertEquals(CITIES.length, expectedBookings.size(), "bookings without the agent");
        }
        try (FakeServer server = FakeOpenAi.start()) {
            FrameworkRuns.killAt(jdk, dir, point, LangChain4jConcierge.class, args(server));
            assertEquals(
                    expectedBookings.subList(0, bookedBeforeKill),
                    FakeOpenAi.bookings(server),
                    "bookings before the kill");

            String resumed = FrameworkRuns.resume(jdk, dir, LangChain4jConcierge.class, args(server));
            FrameworkRuns.assertSameResult(expected, resumed);
            assertEquals(
                    expectedChats, FakeOpenAi.chatRequests(server), "each chat request once, as without the agent");
            assertEquals(expectedBookings, FakeOpenAi.bookings(server), "each booking once, as without the agent");
            String shown = FrameworkRuns.shown(jdk, dir);
            assertEquals(
                    expectedChats.size(),
                    FrameworkRuns.count(shown, "http:java.net.http"),
                    "each chat exchange journaled at the java.net.http boundary:\n" + shown);
            assertEquals(
                    expectedBookings.size(),
                    FrameworkRuns.count(shown, "http:HttpURLConnection"),
                    "each booking journaled at the HttpURLConnection boundary:\n" + shown);
        }
    }

    private static String[] args(FakeServer server) {
        String[] a = new String[CITIES.length + 2];
        a[0] = server.baseUrl();
        a[1] = "dinner-plan";
        System.arraycopy(CITIES, 0, a, 2, CITIES.length);
        return a;
    }
}
