package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.internal.retention.ExecutionStatus;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * What the index holds of completed executions: a row of a table, not their objects. A completed execution still
 * answers its explicit key with its recorded result (read back from the journal), before and after a restart, while
 * the heap holds only what is unfinished or failed; its children leave the heap with it.
 */
class CompletedExecutionsTest extends EngineTestBase {
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Orders.java", 40);

    /** Durable methods with explicit keys: an order (one outside call), and a batch of two orders (children). */
    final class Orders {
        final TestDurable place = TestDurable.of(Orders.class, "place", 0);
        final TestDurable batch = TestDurable.of(Orders.class, "batch", 0);
        final TestDurable quote = TestDurable.of(Orders.class, "quote", -1);
        final World.Service service = world.new Service();
        final AtomicInteger bodies = new AtomicInteger();
        volatile boolean fail;

        String place(String orderId) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) place.call(h.engine(), this, orderId);
            }
            bodies.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("no stock for " + orderId);
            }
            return (String) FIND.call(h.engine(), service, orderId);
        }

        String quote(String orderId) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) quote.call(h.engine(), this, orderId);
            }
            bodies.incrementAndGet();
            return (String) FIND.call(h.engine(), service, orderId);
        }

        String batch(String batchId) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) batch.call(h.engine(), this, batchId);
            }
            bodies.incrementAndGet();
            return place(batchId + "-a") + "," + place(batchId + "-b");
        }
    }

    private String idOf(String key) {
        return h.records(ExecutionStarted.class).stream()
                .filter(s -> s.key().equals(key) && s.parentId() == null)
                .findFirst()
                .orElseThrow()
                .executionId();
    }

    @Test
    void completedExecutionsAnswerTheirKeysFromTheJournalWhileTheHeapHoldsNoneOfThem() throws Throwable {
        Orders orders = new Orders();
        int singles = 300;
        int batches = 30;
        List<String> results = new ArrayList<>();
        for (int i = 0; i < singles; i++) {
            results.add(orders.place("o-" + i));
        }
        for (int i = 0; i < batches; i++) {
            results.add(orders.batch("b-" + i));
        }
        int bodies = orders.bodies.get();
        int children = (int) h.records(ExecutionStarted.class).stream()
                .filter(s -> s.parentId() != null)
                .count();
        assertEquals(2 * batches, children);

        for (int round = 0; round < 2; round++) {
            assertEquals(0, h.index().heldInFull(), "nothing unfinished: nothing held in full (round " + round + ")");
            assertEquals(singles + batches, h.index().size(), "every completed top-level execution is a row");
            for (int i = 0; i < singles; i++) {
                assertEquals(results.get(i), orders.place("o-" + i), "o-" + i + " answered from the journal");
            }
            for (int i = 0; i < batches; i++) {
                assertEquals(results.get(singles + i), orders.batch("b-" + i));
            }
            assertEquals(bodies, orders.bodies.get(), "no body ran again");
            String child = h.records(ExecutionStarted.class).stream()
                    .filter(s -> s.parentId() != null)
                    .findFirst()
                    .orElseThrow()
                    .executionId();
            assertTrue(
                    h.index().of(child).kind() == ExecutionStatus.Kind.FINISHED,
                    "a child stands where its completed top-level execution stands: "
                            + h.index().of(child));
            assertNull(h.index().get(child), "children leave with their completed top-level execution");
            h.restart(); // the same from a scan of the journal
        }
    }

    @Test
    void aCallThatStartsANewExecutionAnywayReadsNothingBackFromTheJournal() throws Throwable {
        Orders orders = new Orders();
        LongAdder reads = new LongAdder();
        LongFunction<JournalRecord> journal = h.index().recordReader();
        h.index().readRecordsWith(lsn -> {
            reads.increment();
            return journal.apply(lsn);
        });
        int calls = 50;
        for (int i = 0; i < calls; i++) {
            orders.quote("same"); // an implicit key: the same arguments make the same identity every time
        }
        assertEquals(calls, orders.bodies.get(), "each call without an explicit key is a new execution");
        assertEquals(calls, h.index().size(), "each one completed and became a row");
        assertEquals(0, reads.sum(), "no completed execution was read back to be passed over");

        orders.place("o-1");
        orders.place("o-1"); // an explicit key: the completed execution answers, read back from the journal
        assertEquals(calls + 1, orders.bodies.get());
        assertTrue(reads.sum() > 0, "the explicit key's answer was read back (so the count above counts)");
    }

    @Test
    void aFailedExecutionStaysInFullForARetry() throws Throwable {
        Orders orders = new Orders();
        orders.place("ok");
        orders.fail = true;
        assertThrows(IllegalStateException.class, () -> orders.place("broken"));
        assertEquals(1, h.index().heldInFull(), "the failed one, whose steps a retry replays");
        ExecutionRecord failed = h.index().get(idOf("broken"));
        assertNotNull(failed);
        assertEquals(2, h.index().size());
    }

    @Test
    void aDeletedCompletedExecutionNoLongerAnswersItsKey() throws Throwable {
        Orders orders = new Orders();
        String first = orders.place("o-1");
        orders.place("o-2");
        String id = idOf("o-1");
        assertNotNull(h.index().get(id));

        h.engine().inboxSink().delete(id, "erasure request");

        assertNull(h.index().get(id));
        assertEquals(ExecutionStatus.DELETED, h.index().of(id));
        String again = orders.place("o-1");
        assertTrue(!again.equals(first), "a new execution made a new call: " + first + " then " + again);
        assertEquals("found o-2 #1", orders.place("o-2"), "the other one still answers");
    }
}
