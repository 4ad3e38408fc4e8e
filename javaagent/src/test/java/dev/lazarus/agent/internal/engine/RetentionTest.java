package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.internal.retention.ExecutionStatus;
import dev.lazarus.store.log.CompactionResult;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention in a running engine, on the fake clock: finished executions are kept and answer their keys for
 * {@code retention}, then the index forgets them and compaction removes their records, while unfinished executions
 * and the events they wait for stay whole and resume after a restart.
 */
class RetentionTest extends EngineTestBase {
    private static final Duration RETENTION = Duration.ofMinutes(1);
    private static final TestSite FIND = TestSite.of(World.Service.class, "find", "Orders.java", 71);

    /** A durable method with an explicit key that waits for a "go" event when asked to. */
    final class Orders {
        final TestDurable place = TestDurable.of(Orders.class, "place", 0);
        final World.Service service = world.new Service();
        final AtomicInteger bodies = new AtomicInteger();
        volatile boolean waitForGo;

        String place(String orderId) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) place.call(h.engine(), this, orderId);
            }
            bodies.incrementAndGet();
            String key = orderId;
            if (waitForGo) {
                Optional<String> go = h.engine().awaitEvent("go", key, String.class, Duration.ofDays(7));
                key = key + " (" + go.orElse("no go") + ")";
            }
            return (String) FIND.call(h.engine(), service, key);
        }
    }

    @BeforeEach
    void smallSegmentsAndAShortRetention() throws InterruptedException {
        h.close();
        h = new EngineHarness(
                dir,
                "recover=manual,retention=" + RETENTION.toSeconds() + "s,segmentSize=" + LogOptions.MIN_SEGMENT_SIZE);
    }

    private List<CompactionResult> compact() {
        return h.engine().compaction().passUntilNothingToDo(1_000);
    }

    private long journalBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private Set<String> idsWithRecords() {
        return h.records().stream()
                .map(JournalRecord::executionId)
                .filter(id -> id != null)
                .collect(Collectors.toSet());
    }

    /** @return the records of the sealed segments (all but the newest, which compaction never rewrites) */
    private List<JournalRecord> sealedRecords() {
        List<Path> segments = new ArrayList<>();
        List<JournalRecord> records = new ArrayList<>();
        List<Path> where = new ArrayList<>();
        JournalLog.scan(dir, (segment, offset, lsn, type, payload) -> {
            records.add(RecordCodec.decode(type, payload));
            where.add(segment);
            if (!segments.contains(segment)) {
                segments.add(segment);
            }
        });
        Path newest = segments.get(segments.size() - 1);
        List<JournalRecord> sealed = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (!where.get(i).equals(newest)) {
                sealed.add(records.get(i));
            }
        }
        return sealed;
    }

    @Test
    void finishedExecutionsAnswerTheirKeysForTheRetentionThenAreForgottenAndCompactedAway() throws Throwable {
        Orders orders = new Orders();
        int finished = 200;
        for (int i = 0; i < finished; i++) {
            orders.place("o-" + i);
        }
        orders.waitForGo = true;
        Running<String> waiting = h.start(() -> orders.place("w-1"));
        h.clock.awaitWaiting(waiting.thread());
        String waitingId = h.records(ExecutionStarted.class).stream()
                .filter(s -> s.key().equals("w-1"))
                .findFirst()
                .orElseThrow()
                .executionId();
        orders.waitForGo = false;
        int bodies = orders.bodies.get();

        assertTrue(compact().isEmpty(), "nothing expired: nothing worth rewriting");
        assertEquals("found o-0 #1", orders.place("o-0"), "answered from the journal within the retention");
        assertEquals(bodies, orders.bodies.get());
        assertEquals(finished, h.records(ExecutionFinished.class).size());

        long before = journalBytes();
        h.clock.advance(RETENTION.plusSeconds(1));
        List<CompactionResult> passes = compact();

        assertFalse(passes.isEmpty(), "expired executions are compacted away");
        long after = journalBytes();
        assertTrue(after < before / 4, "the journal shrank from " + before + " to " + after + " bytes");
        assertEquals(1, h.index().size(), "the index holds the unfinished execution only");
        assertEquals(ExecutionStatus.UNFINISHED, h.index().of(waitingId));
        assertTrue(idsWithRecords().contains(waitingId), "the waiting execution's records are all kept");
        assertEquals(
                List.of(),
                sealedRecords().stream()
                        .filter(r -> r instanceof ExecutionFinished f
                                && f.finishedAtMillis() < h.clock.currentTimeMillis() - RETENTION.toMillis())
                        .collect(Collectors.toList()),
                "no expired execution is left in the sealed segments");

        assertEquals("found o-0 #2", orders.place("o-0"), "the key expired: a new execution runs");
        assertEquals(bodies + 1, orders.bodies.get());

        h.restart();
        orders.waitForGo = true;
        Running<String> resumed = h.start(() -> orders.place("w-1"));
        h.clock.awaitWaiting(resumed.thread());
        h.engine().sendEvent("go", "w-1", "go");
        assertEquals("found w-1 (go) #1", resumed.join(), "the waiting execution resumed after the compaction");
    }

    @Test
    void anEventWaitsAsLongAsItsConsumerAndGoesWithIt() throws Throwable {
        Orders orders = new Orders();
        orders.waitForGo = true;
        Running<String> waiting = h.start(() -> orders.place("w-2"));
        h.clock.awaitWaiting(waiting.thread());
        h.engine().sendEvent("go", "w-2", "go");
        assertEquals("found w-2 (go) #1", waiting.join());
        String eventId = h.records(EventSent.class).get(0).eventId();
        orders.waitForGo = false;
        for (int i = 0; i < 100; i++) {
            orders.place("filler-" + i); // enough to seal the segments holding the event
        }

        compact();
        assertTrue(h.engine().context().index().hasEvent(eventId), "kept while its consumer is retained");
        assertEquals(1, h.records(EventSent.class).size());

        h.clock.advance(RETENTION.plusSeconds(1));
        orders.place("after"); // rolls the active segment past the expired ones
        compact();

        assertFalse(h.index().hasEvent(eventId), "forgotten with its consumer");
        assertEquals(0, h.records(EventSent.class).size(), "its record compacted away with its consumer's");
        assertEquals(0, h.records(EventConsumed.class).size());
    }

    @Test
    void aDeletedExecutionIsForgottenAtOnceAndCompactedWithoutWaitingForTheRetention() throws Throwable {
        Orders orders = new Orders();
        orders.place("secret");
        String id = h.records(ExecutionStarted.class).get(0).executionId();
        for (int i = 0; i < 100; i++) {
            orders.place("filler-" + i);
        }
        h.engine().inboxSink().delete(id, "erasure request");

        assertEquals(ExecutionStatus.DELETED, h.index().of(id));
        compact();

        assertEquals(
                List.of(),
                sealedRecords().stream().filter(r -> id.equals(r.executionId())).collect(Collectors.toList()),
                "no record of the deleted execution is left in the sealed segments");
        int bodies = orders.bodies.get();
        orders.place("secret");
        assertEquals(bodies + 1, orders.bodies.get(), "its key no longer answers");
    }
}
