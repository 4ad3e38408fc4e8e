package dev.lazarus.agent.cli;

import static dev.lazarus.agent.cli.TestJournal.await;
import static dev.lazarus.agent.cli.TestJournal.consumed;
import static dev.lazarus.agent.cli.TestJournal.deleted;
import static dev.lazarus.agent.cli.TestJournal.finished;
import static dev.lazarus.agent.cli.TestJournal.outsideEvent;
import static dev.lazarus.agent.cli.TestJournal.started;
import static dev.lazarus.agent.cli.TestJournal.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.Durability;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compact}: on a journal no application holds, it removes what retention expired and what was deleted,
 * keeps every record of what is unfinished, retained or waiting, leaves a journal {@code verify} finds sound, and
 * refuses a journal an application holds.
 */
class CompactCommandTest {
    @TempDir
    Path tmp;

    private static final long NOW = System.currentTimeMillis();
    private static final long OLD = NOW - Duration.ofDays(2).toMillis();

    /** Old finished executions around an old unfinished one, a deleted one, a recent one and a waiting event. */
    private Path journal() {
        Path dir = tmp.resolve("journal");
        LogOptions small =
                LogOptions.defaults().withDurability(Durability.PROCESS).withSegmentSize(2048);
        try (JournalLog log = JournalLog.open(dir, small, (l, t, p) -> {})) {
            List<JournalRecord> records = new ArrayList<>();
            records.add(started("waiting", null, "approval-1", OLD));
            records.add(await("waiting", 0, "approval", "approval-1"));
            records.add(outsideEvent("ev-pending", "other", "x", OLD));
            records.add(outsideEvent("ev-used", "approval", "approval-0", OLD));
            for (int i = 0; i < 200; i++) {
                String id = "old-" + i;
                records.add(started(id, null, "k-" + i, OLD));
                records.add(step(id, 0));
                if (i == 0) {
                    records.add(consumed(id, 1, "ev-used", OLD));
                }
                records.add(finished(id, ExecutionState.COMPLETED, OLD));
            }
            records.add(started("secret", null, "person-1", NOW));
            records.add(finished("secret", ExecutionState.COMPLETED, NOW));
            records.add(deleted("secret", NOW));
            records.add(started("recent", null, "k-recent", NOW));
            records.add(finished("recent", ExecutionState.COMPLETED, NOW));
            for (int i = 0; i < 40; i++) {
                records.add(started("tail-" + i, null, "t-" + i, NOW)); // unfinished, seals what is before
            }
            for (JournalRecord r : records) {
                log.append(RecordCodec.typeOf(r), RecordCodec.encode(r));
            }
        }
        return dir;
    }

    private static List<JournalRecord> records(Path journal) {
        List<JournalRecord> records = new ArrayList<>();
        JournalLog.scan(journal, (lsn, type, payload) -> records.add(RecordCodec.decode(type, payload)));
        return records;
    }

    private static Set<String> ids(List<JournalRecord> records) {
        Set<String> ids = new TreeSet<>();
        records.stream()
                .map(JournalRecord::executionId)
                .filter(id -> id != null)
                .forEach(ids::add);
        return ids;
    }

    private static List<JournalRecord> of(List<JournalRecord> records, String id) {
        return records.stream().filter(r -> id.equals(r.executionId())).toList();
    }

    @Test
    void removesWhatRetentionExpiredAndWhatWasDeletedAndKeepsTheRest() throws Exception {
        Path journal = journal();
        List<JournalRecord> before = records(journal);

        SendEventCommandTest.Run run =
                SendEventCommandTest.run("compact", "--journal", journal.toString(), "--retention", "1d");

        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("compacted "), run.out());
        List<JournalRecord> after = records(journal);
        Set<String> left = ids(after);
        for (String kept : List.of("waiting", "recent", "tail-0", "tail-39")) {
            assertEquals(of(before, kept).size(), of(after, kept).size(), kept + ": every record kept, in " + left);
        }
        assertTrue(left.stream().noneMatch(id -> id.startsWith("old-")), "expired executions removed: " + left);
        assertEquals(
                List.of("ev-pending"),
                after.stream()
                        .filter(EventSent.class::isInstance)
                        .map(r -> ((EventSent) r).eventId())
                        .toList(),
                "the waiting event stays; the one its expired consumer used goes");
        assertTrue(after.size() < before.size() / 4, after.size() + " of " + before.size() + " records left");

        SendEventCommandTest.Run verify = SendEventCommandTest.run("verify", "--journal", journal.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());

        SendEventCommandTest.Run again =
                SendEventCommandTest.run("compact", "--journal", journal.toString(), "--retention", "1d");
        assertEquals(0, again.code(), again.err());
        assertEquals(after.size(), records(journal).size(), "a second run finds nothing more to remove");
    }

    @Test
    void withALongerRetentionNothingExpires() throws Exception {
        Path journal = journal();
        List<JournalRecord> before = records(journal);

        SendEventCommandTest.Run run =
                SendEventCommandTest.run("compact", "--journal", journal.toString(), "--retention", "30d");

        assertEquals(0, run.code(), run.err());
        List<JournalRecord> after = records(journal);
        assertEquals(ids(before).size() - 1, ids(after).size(), "only the deleted execution goes, at any cost");
        assertEquals(
                List.of(),
                of(after, "secret").stream()
                        .filter(r -> !(r instanceof dev.lazarus.store.record.ExecutionDeleted))
                        .toList());
    }

    @Test
    void refusesAJournalAnApplicationHoldsInOneLine() throws Exception {
        Path journal = journal();
        try (JournalLog held = JournalLog.open(journal, LogOptions.defaults(), (l, t, p) -> {})) {
            SendEventCommandTest.Run run = SendEventCommandTest.run("compact", "--journal", journal.toString());
            assertEquals(2, run.code(), run.out() + run.err());
            assertEquals(1, run.err().strip().split("\n").length, run.err());
            assertTrue(run.err().contains("LAZ-103"), run.err());
        }
    }
}
