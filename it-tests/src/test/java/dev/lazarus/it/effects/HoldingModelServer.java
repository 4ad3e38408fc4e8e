package dev.lazarus.it.effects;

import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.FakeServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A fake model API on 127.0.0.1 ({@link FakeOpenAi}'s chat completions, {@link FakeAnthropic}'s messages) where a
 * request asking a chosen question can be held unanswered until released: the call in flight when a test kills
 * the child.
 */
final class HoldingModelServer implements AutoCloseable {
    final FakeServer fake;
    private final Function<FakeServer, List<String>> requests;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String held;

    private HoldingModelServer(
            String route, Function<String, FakeServer.Response> answer, Function<FakeServer, List<String>> requests)
            throws Exception {
        this.requests = requests;
        this.fake = FakeServer.start().route(route, r -> {
            String h = held;
            if (h != null && r.body().contains(h)) {
                try {
                    release.await(Apps.WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer.apply(r.body());
        });
    }

    /** @return OpenAI's chat completions */
    static HoldingModelServer openAi() throws Exception {
        return new HoldingModelServer(FakeOpenAi.CHAT, FakeOpenAi::chat, FakeOpenAi::chatRequests);
    }

    /** @return Anthropic's messages */
    static HoldingModelServer anthropic() throws Exception {
        return new HoldingModelServer(FakeAnthropic.MESSAGES, FakeAnthropic::message, FakeAnthropic::messageRequests);
    }

    /** Holds the requests asking {@code question} until {@link #release()}. */
    void hold(String question) {
        held = question;
    }

    /** Answers what is held, and lets held streams go on. */
    void release() {
        held = null;
        release.countDown();
        fake.releaseStreams();
    }

    /** @return the bodies of the model requests the server received, in order */
    List<String> requests() {
        return requests.apply(fake);
    }

    /** Waits until a request asking {@code question} reached the server (it is then in flight, if held). */
    void awaitRequestAsking(String question, ChildProcess child) throws InterruptedException {
        Instant deadline = Instant.now().plus(Apps.WAIT);
        while (requests().stream().noneMatch(b -> b.contains(question))) {
            if (Instant.now().isAfter(deadline) || !child.isAlive()) {
                throw new AssertionError("no request asking " + question + "\n" + child.describe());
            }
            Thread.sleep(Duration.ofMillis(20).toMillis());
        }
    }

    /** @return the async agents' arguments: this server, the system prompt's topic, the mode, the questions */
    String[] agentArguments(String mode, List<String> questions) {
        List<String> a = new ArrayList<>(List.of(fake.baseUrl(), "advice", mode));
        a.addAll(questions);
        return a.toArray(String[]::new);
    }

    @Override
    public void close() {
        release();
        fake.close();
    }
}
