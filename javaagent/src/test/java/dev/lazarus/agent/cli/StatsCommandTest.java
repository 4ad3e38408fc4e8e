package dev.lazarus.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.agent.internal.json.Json;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stats}: executions by state as {@code list} counts them, the oldest unfinished one, and the bytes
 * compaction could free — measured on disk as the test journal was written, not computed from the format.
 */
class StatsCommandTest {
    @TempDir
    Path tmp;

    private static Map<?, ?> stats(Path journal, String... more) throws Exception {
        String[] args = Stream.concat(
                        Stream.of("stats", "--journal", journal.toString(), "--json"), Arrays.stream(more))
                .toArray(String[]::new);
        SendEventCommandTest.Run run = SendEventCommandTest.run(args);
        assertEquals(0, run.code(), run.err());
        return (Map<?, ?>) Json.parse(run.out().trim());
    }

    private static long number(Object o) {
        return ((BigDecimal) o).longValueExact();
    }

    @Test
    void countsStatesAndTheBytesOfExpiredAndDeletedExecutions() throws Exception {
        OperatedJournal journal = new OperatedJournal(tmp.resolve("journal"));
        Map<?, ?> stats = stats(journal.dir);

        Map<String, Long> expectedStates = Arrays.stream(OperatedJournal.LISTED)
                .collect(Collectors.groupingBy(row -> row[1], Collectors.counting()));
        Map<?, ?> states = (Map<?, ?>) stats.get("executions");
        for (Map.Entry<?, ?> e : states.entrySet()) {
            assertEquals(expectedStates.getOrDefault(e.getKey(), 0L), number(e.getValue()), "state " + e.getKey());
        }
        assertEquals(1, number(stats.get("deletedExecutions")));
        Map<?, ?> oldest = (Map<?, ?>) stats.get("oldestUnfinished");
        assertEquals("b", oldest.get("id"), "b started first of those not finished");

        // retention 7d: only "a" (finished ten days ago, with the outside event it consumed) has expired
        assertEquals(journal.expiredBytes, number(stats.get("expiredBytes")));
        assertEquals(1, number(stats.get("expiredExecutions")));
        assertEquals(journal.deletedBytes, number(stats.get("deletedBytes")));
        assertEquals(journal.expiredBytes + journal.deletedBytes, number(stats.get("reclaimableBytes")));

        long onDisk;
        try (Stream<Path> files = Files.walk(journal.dir)) {
            onDisk = files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
        assertEquals(onDisk, number(stats.get("bytesOnDisk")));
        assertEquals(1, number(((Map<?, ?>) stats.get("segments")).get("count")));

        // a retention shorter than a day: "e" and its child "e/1" (finished a day ago) have expired too
        Map<?, ?> shorter = stats(journal.dir, "--retention", "12h");
        assertEquals(3, number(shorter.get("expiredExecutions")));
        assertTrue(number(shorter.get("expiredBytes")) > journal.expiredBytes);
    }

    @Test
    void textNamesTheOldestUnfinishedAndWhatIsReclaimable() {
        OperatedJournal journal = new OperatedJournal(tmp.resolve("journal"));
        SendEventCommandTest.Run run = SendEventCommandTest.run("stats", "--journal", journal.dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("oldest unfinished: b " + TestJournal.NAME + ", WAITING"), run.out());
        assertTrue(
                run.out().contains("(" + (journal.expiredBytes + journal.deletedBytes) + " bytes)")
                        || run.out().contains(" " + (journal.expiredBytes + journal.deletedBytes) + " bytes"),
                run.out());

        SendEventCommandTest.Run bad =
                SendEventCommandTest.run("stats", "--journal", journal.dir.toString(), "--retention", "soon");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("lazarus stats: --retention soon: LAZ-006"), bad.err());
    }
}
