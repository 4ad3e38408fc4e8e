package dev.lazarus.agent.cli;

import static dev.lazarus.agent.cli.TestJournal.finished;
import static dev.lazarus.agent.cli.TestJournal.started;
import static dev.lazarus.agent.cli.TestJournal.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code delete}: offline it appends {@code execution-deleted} under the journal's lock, and {@code list},
 * {@code show} and {@code stats} forget the execution; while an application holds the journal it goes through
 * the inbox and leaves the segments alone; unfinished and unknown executions are refused with one line.
 */
class DeleteCommandTest {
    @TempDir
    Path tmp;

    private static List<JournalRecord> records(Path journal) {
        List<JournalRecord> records = new ArrayList<>();
        JournalLog.scan(journal, (lsn, type, payload) -> records.add(RecordCodec.decode(type, payload)));
        return records;
    }

    private static List<ExecutionDeleted> deletions(Path journal) {
        return records(journal).stream()
                .filter(ExecutionDeleted.class::isInstance)
                .map(ExecutionDeleted.class::cast)
                .toList();
    }

    private static List<String> listed(Path journal) throws Exception {
        SendEventCommandTest.Run run = SendEventCommandTest.run("list", "--journal", journal.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        return ((List<?>) Json.parse(run.out().trim()))
                .stream().map(r -> (String) ((Map<?, ?>) r).get("id")).toList();
    }

    private static void assertRefused(SendEventCommandTest.Run run, String contains) {
        assertEquals(2, run.code(), run.out() + run.err());
        assertEquals(1, run.err().split("\n").length, "one line: " + run.err());
        assertTrue(run.err().startsWith("lazarus delete: "), run.err());
        assertTrue(run.err().contains(contains), run.err());
        assertEquals("", run.out());
    }

    /** Two runs of order-1 (with a child each) and one of order-2, all finished; one of order-3 still running. */
    private Path journal() {
        Path dir = tmp.resolve("journal");
        long t = System.currentTimeMillis() - 60_000;
        try (TestJournal j = new TestJournal(dir)) {
            j.append(started("run-1", null, "order-1", t), step("run-1", 0));
            j.append(started("run-1/1", "run-1", "child", t), finished("run-1/1", ExecutionState.COMPLETED, t));
            j.append(finished("run-1", ExecutionState.FAILED, t));
            j.append(started("run-2", null, "order-1", t), finished("run-2", ExecutionState.COMPLETED, t));
            j.append(started("run-3", null, "order-2", t), finished("run-3", ExecutionState.COMPLETED, t));
            j.append(started("run-4", null, "order-3", t), step("run-4", 0));
        }
        return dir;
    }

    @Test
    void offlineDeletionAppendsARecordPerExecutionAndTheCommandsForgetThem() throws Exception {
        Path journal = journal();
        String j = journal.toString();

        SendEventCommandTest.Run one =
                SendEventCommandTest.run("delete", "--journal", j, "run-3", "--reason", "ticket 7");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("removes them for good"), one.out());
        assertEquals(
                List.of("run-3"),
                deletions(journal).stream().map(ExecutionDeleted::executionId).toList());
        assertEquals("ticket 7", deletions(journal).get(0).reason());
        assertTrue(!listed(journal).contains("run-3"));
        SendEventCommandTest.Run show = SendEventCommandTest.run("show", "--journal", j, "run-3");
        assertEquals(2, show.code(), "show no longer finds it: " + show.out());

        SendEventCommandTest.Run byKey =
                SendEventCommandTest.run("delete", "--journal", j, "--name", TestJournal.NAME, "--key", "order-1");
        assertEquals(0, byKey.code(), byKey.err());
        assertEquals(
                List.of("run-3", "run-1", "run-1/1", "run-2"),
                deletions(journal).stream().map(ExecutionDeleted::executionId).toList(),
                "every run of order-1, and the child of one");
        assertEquals(List.of("run-4"), listed(journal));

        assertRefused(SendEventCommandTest.run("delete", "--journal", j, "run-2"), "no execution run-2");
    }

    @Test
    void unfinishedUnknownAndAmbiguousExecutionsAreRefusedAndNothingIsWritten() throws Exception {
        Path journal = journal();
        String j = journal.toString();
        byte[] before = Files.readAllBytes(journal.resolve("segment-0000000001.log"));

        assertRefused(SendEventCommandTest.run("delete", "--journal", j, "run-4"), "cancel it first");
        assertRefused(
                SendEventCommandTest.run("delete", "--journal", j, "--name", TestJournal.NAME, "--key", "order-3"),
                "cancel it first");
        assertRefused(SendEventCommandTest.run("delete", "--journal", j, "run-9"), "no execution run-9");
        assertRefused(SendEventCommandTest.run("delete", "--journal", j, "run-"), "matches 4 executions");
        assertRefused(
                SendEventCommandTest.run("delete", "--journal", j, "--name", TestJournal.NAME, "--key", "order-9"),
                "no execution of");
        assertRefused(SendEventCommandTest.run("delete", "--journal", j, "--name", TestJournal.NAME), "--key");
        assertRefused(
                SendEventCommandTest.run(
                        "delete", "--journal", tmp.resolve("nowhere").toString(), "run-1"),
                "no journal");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertRefused(SendEventCommandTest.run("delete", "--journal", empty.toString(), "run-1"), "no journal");
        try (Stream<Path> s = Files.list(empty)) {
            assertEquals(List.of(), s.toList(), "no journal was created at a mistyped path");
        }

        assertArrayEquals(before, Files.readAllBytes(journal.resolve("segment-0000000001.log")));
    }

    @Test
    void whileAnApplicationHoldsTheJournalTheDeletionGoesThroughTheInbox() throws Exception {
        Path journal = journal();
        byte[] before = Files.readAllBytes(journal.resolve("segment-0000000001.log"));
        try (JournalLog held = JournalLog.open(journal, LogOptions.defaults(), (l, t, p) -> {})) {
            SendEventCommandTest.Run run =
                    SendEventCommandTest.run("delete", "--journal", journal.toString(), "run-1", "--reason", "gdpr");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().contains("the running application"), run.out());

            assertRefused(SendEventCommandTest.run("delete", "--journal", journal.toString(), "run-4"), "cancel it");
        }
        assertArrayEquals(before, Files.readAllBytes(journal.resolve("segment-0000000001.log")));
        List<Map<?, ?>> inbox = new ArrayList<>();
        try (Stream<Path> s = Files.list(journal.resolve("inbox"))) {
            for (Path p : s.toList()) {
                inbox.add((Map<?, ?>) Json.parse(Files.readAllBytes(p)));
            }
        }
        assertEquals(
                List.of("run-1", "run-1/1"),
                inbox.stream().map(m -> (String) m.get("execution")).sorted().toList(),
                "the execution and its child: " + inbox);
        for (Map<?, ?> m : inbox) {
            assertEquals("delete", m.get("control"));
            assertEquals("gdpr", m.get("reason"));
        }
    }
}
