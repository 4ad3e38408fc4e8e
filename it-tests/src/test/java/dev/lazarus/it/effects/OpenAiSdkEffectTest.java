package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.sdk.OpenAiTravelAgent;
import dev.lazarus.it.effects.TravelScenario.Kill;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.Jdk;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAI Java SDK as its README shows it, in a durable tool-calling loop: each chat completion is an
 * OkHttp exchange journaled where OkHttp performs it, under the SDK's own service objects and Kotlin response
 * classes, which are recomputed; the tools are a field-held service. Killed between turns, inside a tool after
 * its effect, or with the booking in flight, the resumed process sends nothing twice but the booking that was
 * in flight (with the same step key), and answers what an uncrashed run answers. A streamed completion
 * ({@code createStreaming}) read to its end before a kill is served from the journal as a stream.
 */
@ExtendWith(ChildJvms.class)
class OpenAiSdkEffectTest {
    static Stream<Arguments> toolLoopKills() {
        return Jdk.all()
                .flatMap(jdk -> Stream.of(Kill.BETWEEN_TURNS, Kill.INSIDE_TOOL_AFTER_ITS_EFFECT, Kill.BOOKING_IN_FLIGHT)
                        .map(kill -> Arguments.of(jdk, kill)));
    }

    @ParameterizedTest(name = "{0}: killed {1}")
    @MethodSource("toolLoopKills")
    void aToolCallingLoopResumesWithoutSendingAnythingTwice(Jdk jdk, Kill kill, @TempDir Path dir) throws Exception {
        TravelScenario.Outcome o = TravelScenario.run(jdk, dir, OpenAiTravelAgent.class, kill, "trip-1", "oslo");
        TravelScenario.assertExactlyOnce(o, "/v1/chat/completions", kill);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aStreamedCompletionIsServedFromTheJournalAsAStream(Jdk jdk, @TempDir Path dir) throws Exception {
        TravelScenario.Outcome o = TravelScenario.run(
                jdk, dir, OpenAiTravelAgent.class, Kill.AFTER_STREAM, "summary-1", "bergen", "stream");

        assertEquals(o.expected(), o.resumed(), o.second().describeFully());
        assertEquals(
                String.join("", TravelServer.streamedWords("bergen")) + " / sunny in bergen, 21C",
                o.resumed(),
                "every chunk of the stream, in order");
        assertEquals(1, o.requests("/v1/chat/completions").size(), "the stream was requested once");
        assertEquals(1, o.requests("/tools/weather").size());
        Effects.assertNoFalseDivergence(o.first(), o.second());
    }
}
