package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.frameworks.SpringAiStreamer;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.FakeServer;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spring AI's streaming {@code ChatClient} ({@code .prompt().user(...).stream().content()}) over
 * {@code OpenAiChatModel}, whose {@code WebClient} reaches the fake chat-completions server through the JDK's
 * {@code HttpClient} ({@code JdkClientHttpConnector}: {@code sendAsync} with the body read as a publisher of
 * server-sent events). The exchange is a branch of the execution, journaled as the events are read. Killed in the
 * middle of the stream (the server holds it after two events) the resumed process requests it again; killed after
 * it, the stream is served from the journal. Either way the answer is an uncrashed run's, the chat request reaches
 * the server once more only if it was in flight, and nothing diverges.
 */
@ExtendWith(ChildJvms.class)
class SpringAiStreamEffectTest {
    private static final String QUESTION = "Where to eat in Oslo tonight?";

    static Stream<Arguments> kills() {
        return Jdk.all().flatMap(jdk -> Stream.of(true, false).map(midStream -> Arguments.of(jdk, midStream)));
    }

    @ParameterizedTest(name = "{0}: killed mid-stream {1}")
    @MethodSource("kills")
    void eachRequestOnceExceptTheOneInFlight(Jdk jdk, boolean midStream, @TempDir Path dir) throws Exception {
        String expected;
        try (FakeServer server = FakeOpenAi.start()) {
            expected = FrameworkRuns.plain(jdk, dir, server, SpringAiStreamer.class, args(server));
        }
        assertEquals(
                String.join("", FakeOpenAi.streamedWords("You said: " + QUESTION)),
                expected,
                "every token of the stream, without the agent");
        try (FakeServer server = FakeOpenAi.start()) {
            ChildJvm firstJvm = ChildJvm.on(jdk, dir, "first")
                    .agent("journal=" + dir.resolve("journal"), "recover=manual")
                    .classpath(ItEnv.effectsClasspath())
                    .main(SpringAiStreamer.class, args(server));
            if (midStream) {
                server.holdStreamsAfter(4);
            } else {
                firstJvm.blockAt("gate:after-stream");
            }
            ChildProcess first = firstJvm.start();
            first.awaitStdout(midStream ? "^AT chunk-2$" : "^BLOCKED gate:after-stream$", Apps.WAIT);
            first.kill();
            server.releaseStreams();

            String resumed = FrameworkRuns.resume(jdk, dir, SpringAiStreamer.class, args(server));

            FrameworkRuns.assertSameResult(expected, resumed);
            List<String> chats = FakeOpenAi.chatRequests(server);
            assertEquals(midStream ? 2 : 1, chats.size(), "the stream, requested again only if in flight:\n" + chats);
            assertEquals(1, chats.stream().distinct().count(), "the same request each time");
            Effects.assertNoFalseDivergence(first);
        }
    }

    private static String[] args(FakeServer server) {
        return new String[] {server.baseUrl(), "advice", QUESTION};
    }
}
