package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.LazarusException;
import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.record.EventSent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code sendEvent}: persisted before it returns; sent from an execution, a step that replay does not repeat. */
class SendEventStepTest extends EngineTestBase {
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Notifier.java", 81);

    /** Sends an event, then hangs (the process dies there). */
    final class Notifier {
        final TestDurable run = TestDurable.of(Notifier.class, "run", 0);
        final World.Service service = world.new Service();
        boolean sendSomethingElse;

        String run(String id) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, id);
            }
            if (sendSomethingElse) {
                h.engine().awaitEvent("other", id, String.class, Duration.ZERO);
            } else {
                h.engine().sendEvent("ready", id, "report " + id);
            }
            return (String) HANG.call(h.engine(), service, id);
        }
    }

    @Test
    void anEventSentByAnExecutionIsNotSentAgainWhenItIsReplayed() throws Throwable {
        Notifier notifier = new Notifier();
        world.awaitHanging(h.start(() -> notifier.run("n-1")));
        h.restart();

        world.awaitHanging(h.start(() -> notifier.run("n-1")));

        List<EventSent> sent = h.records(EventSent.class);
        assertEquals(1, sent.size(), "sent once");
        assertTrue(sent.get(0).eventId().startsWith(sent.get(0).executionId() + "#"), "a step of its execution");
        assertEquals(
                Optional.of("report n-1"),
                h.engine().awaitEvent("ready", "n-1", String.class, Duration.ZERO),
                "delivered once");
        assertEquals(Optional.empty(), h.engine().awaitEvent("ready", "n-1", String.class, Duration.ZERO));
    }

    @Test
    void replayThatFindsAnotherStepWhereTheEventWasSentDiverges() throws Throwable {
        Notifier notifier = new Notifier();
        world.awaitHanging(h.start(() -> notifier.run("n-1")));
        h.restart();
        notifier.sendSomethingElse = true;

        assertThrows(NonDeterminismException.class, () -> notifier.run("n-1"));
    }

    @Test
    void aPayloadThatCannotBeJournaledIsRefusedBeforeAnythingIsSent() {
        LazarusException e =
                assertThrows(LazarusException.class, () -> h.engine().sendEvent("ready", "x", new java.net.Socket()));
        assertTrue(e.getMessage().startsWith("LAZ-504"), e.getMessage());
        assertEquals(List.of(), h.records(EventSent.class));
        assertNull(h.engine().executionId());
    }
}
