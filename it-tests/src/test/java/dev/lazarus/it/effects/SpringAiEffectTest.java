package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.frameworks.SpringAiAdvisor;
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
 * Spring AI's {@code ChatClient} ({@code .prompt().user(...).call().content()}) over {@code OpenAiChatModel},
 * pointed at the fake chat-completions server. Its exchanges go through Spring's {@code RestClient} to Apache
 * HttpClient 5 (on the class path, so {@code RestClient} picks it) and are journaled at that client's
 * boundary. Killed between turns, the resumed process sends each chat request exactly once in all — the same
 * requests as a run without the agent — and answers the same.
 */
@ExtendWith(ChildJvms.class)
class SpringAiEffectTest {
    private static final String[] QUESTIONS = {"Where to eat in Oslo?", "And in Lima?", "And in Pune?"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void killedBetweenTurns(Jdk jdk, @TempDir Path dir) throws Exception {
        String expected;
        List<String> expectedChats;
        try (FakeServer server = FakeOpenAi.start()) {
            expected = FrameworkRuns.plain(jdk, dir, server, SpringAiAdvisor.class, args(server));
            expectedChats = FakeOpenAi.chatRequests(server);
            assertEquals(QUESTIONS.length, expectedChats.size(), "chat requests without the agent");
        }
        try (FakeServer server = FakeOpenAi.start()) {
            FrameworkRuns.killAt(jdk, dir, "gate:turn-1", SpringAiAdvisor.class, args(server));
            assertEquals(expectedChats.subList(0, 1), FakeOpenAi.chatRequests(server), "before the kill");

            String resumed = FrameworkRuns.resume(jdk, dir, SpringAiAdvisor.class, args(server));
            FrameworkRuns.assertSameResult(expected, resumed);
            assertEquals(
                    expectedChats, FakeOpenAi.chatRequests(server), "each chat request once, as without the agent");
        }
    }

    private static String[] args(FakeServer server) {
        String[] a = new String[QUESTIONS.length + 2];
        a[0] = server.baseUrl();
        a[1] = "advice";
        System.arraycopy(QUESTIONS, 0, a, 2, QUESTIONS.length);
        return a;
    }
}
