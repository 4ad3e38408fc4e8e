package dev.lazarus.it.effects;

import dev.lazarus.it.apps.sdk.AnthropicTravelAgent;
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
 * The Anthropic Java SDK as its README shows it, in a durable tool-use loop ({@code client.messages().create}
 * per turn, each {@code tool_use} answered with a {@code tool_result}): the messages are OkHttp exchanges
 * journaled where OkHttp performs them. Killed between turns or inside a tool after its effect, the resumed
 * process sends nothing twice and answers what an uncrashed run answers.
 */
@ExtendWith(ChildJvms.class)
class AnthropicSdkEffectTest {
    static Stream<Arguments> kills() {
        return Jdk.all()
                .flatMap(jdk -> Stream.of(Kill.BETWEEN_TURNS, Kill.INSIDE_TOOL_AFTER_ITS_EFFECT)
                        .map(kill -> Arguments.of(jdk, kill)));
    }

    @ParameterizedTest(name = "{0}: killed {1}")
    @MethodSource("kills")
    void aToolUseLoopResumesWithoutSendingAnythingTwice(Jdk jdk, Kill kill, @TempDir Path dir) throws Exception {
        TravelScenario.Outcome o = TravelScenario.run(jdk, dir, AnthropicTravelAgent.class, kill, "trip-1", "oslo");
        TravelScenario.assertExactlyOnce(o, "/v1/messages", kill);
    }
}
