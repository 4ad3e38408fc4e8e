package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.StepRecorded;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A multi-turn conversation: each request carries the messages so far, the previous responses included. After
 * a restart those responses are replayed copies decoded from the journal, not the objects the model service
 * returned, and the SDK-style "missing" marker they hold is a copy of a singleton the live objects share. The
 * replay check must see equal requests and answer them from the journal, never report non-determinism.
 */
class ConversationReplayTest extends EngineTestBase {
    private static final TestSite COMPLETE = TestSite.of(ChatModel.class, "complete", "Assistant.java", 31);
    private static final int TURNS = 4;

    /** The marker an SDK puts in a JSON field that was not set: one shared instance, compared by identity. */
    static final class JsonMissing {
        static final JsonMissing INSTANCE = new JsonMissing();

        private JsonMissing() {}
    }

    /** A chat message; {@code name} is a value or {@link JsonMissing#INSTANCE}, as in the SDKs. */
    record Message(String role, String content, Object name) {}

    record ChatRequest(String model, List<Message> messages, Object temperature) {}

    record Usage(int promptTokens, int completionTokens) {}

    record ChatResponse(String id, Message message, Usage usage) {}

    /** The model behind a field: counts what it really answered, and hangs at a chosen turn (the process dies). */
    static final class ChatModel {
        final Map<Integer, AtomicInteger> answered = new ConcurrentHashMap<>();
        final Semaphore hanging = new Semaphore(0);
        volatile int hangAtTurn;

        ChatResponse complete(ChatRequest request) throws InterruptedException {
            List<Message> messages = request.messages();
            int turn =
                    (int) messages.stream().filter(m -> m.role().equals("user")).count();
            answered.computeIfAbsent(turn, t -> new AtomicInteger()).incrementAndGet();
            if (turn == hangAtTurn) {
                hanging.release();
                Thread.sleep(Long.MAX_VALUE);
            }
            String asked = messages.get(messages.size() - 1).content();
            return new ChatResponse(
                    "resp-" + turn,
                    new Message("assistant", "answer to " + asked, JsonMissing.INSTANCE),
                    new Usage(10 * messages.size(), 5));
        }

        int answered(int turn) {
            AtomicInteger n = answered.get(turn);
            return n == null ? 0 : n.get();
        }
    }

    /** A durable conversation: every request carries the history, replayed responses included. */
    final class Assistant {
        final TestDurable run = TestDurable.of(Assistant.class, "converse", 0);
        final ChatModel model;
        final List<ChatResponse> responses = new ArrayList<>();

        Assistant(ChatModel model) {
            this.model = model;
        }

        String converse(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            List<Message> history = new ArrayList<>();
            history.add(new Message("system", "Answer briefly.", JsonMissing.INSTANCE));
            String last = null;
            for (int turn = 1; turn <= TURNS; turn++) {
                history.add(new Message("user", topic + ", question " + turn, JsonMissing.INSTANCE));
                ChatRequest request = new ChatRequest("model-1", List.copyOf(history), JsonMissing.INSTANCE);
                ChatResponse response = (ChatResponse) COMPLETE.call(h.engine(), model, request);
                responses.add(response);
                history.add(response.message());
                last = response.message().content();
            }
            return last;
        }
    }

    @Test
    void aConversationFedWithReplayedResponsesResumesWithoutNonDeterminism() throws Throwable {
        ChatModel model = new ChatModel();
        model.hangAtTurn = 3;
        Assistant first = new Assistant(model);
        Running<String> dying = h.start(() -> first.converse("llamas"));
        awaitHanging(model, dying);
        assertSame(
                JsonMissing.INSTANCE,
                first.responses.get(0).message().name(),
                "live, every message shares the one marker instance");
        h.restart();

        model.hangAtTurn = 0;
        Assistant resumed = new Assistant(model);
        String result = resumed.converse("llamas");

        assertNotSame(
                JsonMissing.INSTANCE,
                resumed.responses.get(0).message().name(),
                "the replayed response holds a decoded copy of the marker, so the next request differs in sharing");
        assertEquals("answer to llamas, question " + TURNS, result);
        assertEquals(List.of(), h.records(ExecutionDiverged.class), "no divergence was recorded");
        assertEquals(1, model.answered(1), "turn 1 was answered from the journal");
        assertEquals(1, model.answered(2), "turn 2, whose request holds the replayed turn 1, too");
        assertEquals(2, model.answered(3), "turn 3 was in flight at the kill: it ran again");
        assertEquals(1, model.answered(4));
        assertEquals(TURNS, h.records(StepRecorded.class).size());
    }

    private static void awaitHanging(ChatModel model, Running<?> call) throws InterruptedException {
        while (!model.hanging.tryAcquire(10, TimeUnit.MILLISECONDS)) {
            if (!call.thread().isAlive()) {
                Throwable failure = call.joinFailure();
                throw new AssertionError("the conversation ended instead of hanging: " + failure, failure);
            }
        }
    }
}
