package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EventConsumed;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Durable waits for events: an absolute, journaled deadline; the outcome journaled; one consumer per event. */
class AwaitEventStepTest extends EngineTestBase {
    private static final Duration WEEK = Duration.ofDays(7);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Publisher.java", 51);

    /** A reviewer's answer. */
    record Approval(boolean approved, String comment) {}

    /** Waits a week for a review; may hang afterwards (the process dies there). */
    final class Publisher {
        final TestDurable publish = TestDurable.of(Publisher.class, "publish", 0);
        final World.Service service = world.new Service();
        boolean hangAfterwards;
        String decision;

        String publish(String docId) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) publish.call(h.engine(), this, docId);
            }
            Optional<Approval> approval = h.engine().awaitEvent("approval", docId, Approval.class, WEEK);
            decision = approval.map(a -> (a.approved() ? "approved: " : "rejected: ") + a.comment())
                    .orElse("expired");
            if (hangAfterwards) {
                HANG.call(h.engine(), service, docId);
            }
            return decision;
        }
    }

    @Test
    void aWaitWithNoEventEndsEmptyAtItsDeadline() throws Throwable {
        Publisher publisher = new Publisher();
        long start = h.clock.currentTimeMillis();
        Running<String> call = h.start(() -> publisher.publish("doc-1"));

        long due = h.clock.awaitWaiting(call.thread());
        assertEquals(start + WEEK.toMillis(), due);
        assertEquals(due, h.records(AwaitStarted.class).get(0).deadlineMillis(), "the deadline is journaled");

        h.clock.advance(WEEK);
        assertEquals("expired", call.join());
        assertNull(h.records(EventConsumed.class).get(0).eventId(), "the timeout is the recorded outcome");
    }

    @Test
    void anEventSentWhileTheExecutionWaitsIsItsOutcome() throws Throwable {
        Publisher publisher = new Publisher();
        Running<String> call = h.start(() -> publisher.publish("doc-1"));
        h.clock.awaitWaiting(call.thread());

        h.engine().sendEvent("approval", "doc-2", new Approval(false, "not for this document"));
        h.engine().sendEvent("approval", "doc-1", new Approval(true, "ship it"));

        assertEquals("approved: ship it", call.join());
        assertEquals(
                "rejected: not for this document",
                publisher.publish("doc-2"),
                "the other key's event waited for its own waiter");
    }

    @Test
    void anEventFromTheCommandLineIsBoundFromJson() throws Throwable {
        Publisher publisher = new Publisher();
        Running<String> call = h.start(() -> publisher.publish("doc-1"));
        h.clock.awaitWaiting(call.thread());

        h.engine()
                .inboxSink()
                .accept(List.of(new InboxMessage.Event(
                        "ev-cli-1",
                        "approval",
                        "doc-1",
                        "{\"approved\":true,\"comment\":\"lgtm\"}",
                        h.clock.currentTimeMillis())));

        assertEquals("approved: lgtm", call.join());
    }

    @Test
    void aWaitResumedAfterARestartWaitsOnlyForWhatIsLeftOfItsDeadline() throws Throwable {
        Publisher publisher = new Publisher();
        Running<String> call = h.start(() -> publisher.publish("doc-1"));
        long due = h.clock.awaitWaiting(call.thread());

        h.restart();
        h.clock.advance(Duration.ofDays(3)); // down for three days
        Running<String> resumed = h.start(() -> publisher.publish("doc-1"));

        assertEquals(due, h.clock.awaitWaiting(resumed.thread()), "the journaled deadline, not a new week");
        h.clock.advance(Duration.ofDays(4));
        assertEquals("expired", resumed.join());
    }

    @Test
    void anEventSentWhileTheProcessWasDownIsDeliveredToTheResumedWait() throws Throwable {
        Publisher publisher = new Publisher();
        Running<String> call = h.start(() -> publisher.publish("doc-1"));
        h.clock.awaitWaiting(call.thread());
        h.restart();

        h.engine().sendEvent("approval", "doc-1", new Approval(true, "while you were out"));
        h.restart(); // the event is in the journal only

        assertEquals("approved: while you were out", publisher.publish("doc-1"));
    }

    @Test
    void aConsumedEventIsReplayedFromTheJournalWithoutWaiting() throws Throwable {
        Publisher publisher = new Publisher();
        publisher.hangAfterwards = true;
        Running<String> call = h.start(() -> publisher.publish("doc-1"));
        h.clock.awaitWaiting(call.thread());
        h.engine().sendEvent("approval", "doc-1", new Approval(false, "too long"));
        world.awaitHanging(call);
        h.restart();

        publisher.decision = null;
        world.awaitHanging(h.start(() -> publisher.publish("doc-1")));

        assertEquals("rejected: too long", publisher.decision, "the recorded payload, without a new event");
    }
}
