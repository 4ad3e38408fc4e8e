package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.sdk.OpenAiAsyncAgent;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAI Java SDK's asynchronous client and its streaming APIs in durable bodies ({@link OpenAiAsyncAgent}),
 * against the fake chat-completions service ({@link FakeOpenAi}, server-sent events when asked to stream):
 *
 * <ul>
 *   <li>a fan-out of {@code client.async().chat().completions().create(params)}: the SDK hops to the common pool
 *       before it calls OkHttp's {@code enqueue}; each completion is a branch of the execution. Killed with the
 *       last question at the server, unanswered, and after the fan-out;
 *   <li>a streamed completion through {@code createStreaming} (synchronous) and through the async client's
 *       {@code createStreaming(...).subscribe(...)}: killed in the middle of the stream (the server holds it after
 *       two events) and after it.
 * </ul>
 *
 * <p>Each chat request reaches the server once in all, except the one in flight at the kill, sent again with the
 * same body; the resumed answer is an uncrashed run's; nothing diverges.
 */
@ExtendWith(ChildJvms.class)
class OpenAiAsyncEffectTest {
    private static final List<String> QUESTIONS = List.of("Where to eat in Oslo?", "And in Lima?", "And in Pune?");
    private static final String STREAMED = "Summarize Bergen in a few words, please.";

    /** What the body does, and where the first durable run is killed. */
    enum Case {
        FAN_OUT_KILLED_WITH_THE_LAST_IN_FLIGHT("fan-out", null),
        FAN_OUT_KILLED_AFTER_IT("fan-out", "gate:after-fan-out"),
        STREAM_KILLED_MID_STREAM("stream", null),
        STREAM_KILLED_AFTER_IT("stream", "gate:after-stream"),
        ASYNC_STREAM_KILLED_MID_STREAM("async-stream", null),
        ASYNC_STREAM_KILLED_AFTER_IT("async-stream", "gate:after-stream");

        final String mode;
        final String gate;

        Case(String mode, String gate) {
            this.mode = mode;
            this.gate = gate;
        }

        boolean fanOut() {
            return mode.equals("fan-out");
        }

        List<String> questions() {
            return fanOut() ? QUESTIONS : List.of(STREAMED);
        }
    }

    static Stream<Arguments> cases() {
        return Jdk.all().flatMap(jdk -> Stream.of(Case.values()).map(c -> Arguments.of(jdk, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void eachRequestOnceExceptTheOneInFlight(Jdk jdk, Case c, @TempDir Path dir) throws Exception {
        String expected;
        try (HoldingModelServer server = HoldingModelServer.openAi()) {
            ChildProcess plain = ChildJvm.on(jdk, dir, "plain")
                    .classpath(ItEnv.effectsClasspath())
                    .main(OpenAiAsyncAgent.class, server.agentArguments(c.mode, c.questions()))
                    .run(90);
            plain.assertExit(0, Apps.EXIT);
            expected = plain.stdoutValue("RESULT ");
        }
        String inFlight = null;
        try (HoldingModelServer server = HoldingModelServer.openAi()) {
            ChildJvm firstJvm = durable(jdk, dir, "first", server, c);
            if (c.gate != null) {
                firstJvm.blockAt(c.gate);
            } else if (c.fanOut()) {
                inFlight = QUESTIONS.get(QUESTIONS.size() - 1);
                server.hold(inFlight);
            } else {
                inFlight = STREAMED;
                server.fake.holdStreamsAfter(2);
            }
            ChildProcess first = firstJvm.start();
            if (c.gate != null) {
                first.awaitStdout("^BLOCKED " + c.gate + "$", Apps.WAIT);
            } else if (c.fanOut()) {
                first.awaitStdout("^AT joined-" + (QUESTIONS.size() - 1) + "$", Apps.WAIT);
                server.awaitRequestAsking(inFlight, first);
            } else {
                first.awaitStdout("^AT chunk-2$", Apps.WAIT);
            }
            first.kill();
            server.release();

            ChildProcess second = durable(jdk, dir, "second", server, c).start();
            second.assertExit(0, Apps.EXIT);

            assertEquals(expected, second.stdoutValue("RESULT "), second.describeFully());
            List<String> chats = server.requests();
            Map<String, Long> perQuestion =
                    chats.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            for (String question : c.questions()) {
                List<String> asking =
                        chats.stream().filter(b -> b.contains(question)).toList();
                assertEquals(
                        question.equals(inFlight) ? 2 : 1,
                        asking.size(),
                        "requests asking " + question + " (in flight at the kill: " + inFlight + "):\n" + chats);
                assertEquals(1, asking.stream().distinct().count(), "the same request each time: " + perQuestion);
            }
            Effects.assertNoFalseDivergence(first, second);
        }
    }

    private static ChildJvm durable(Jdk jdk, Path dir, String name, HoldingModelServer server, Case c) {
        return ChildJvm.on(jdk, dir, name)
                .agent("journal=" + dir.resolve("journal"), "recover=manual")
                .classpath(ItEnv.effectsClasspath())
                .main(OpenAiAsyncAgent.class, server.agentArguments(c.mode, c.questions()));
    }
}
