package dev.lazarus.agent.cli;

import static dev.lazarus.agent.cli.TestJournal.finished;
import static dev.lazarus.agent.cli.TestJournal.started;
import static dev.lazarus.agent.cli.TestJournal.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.record.ExecutionState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line shows executions as the application will see them once the commands waiting in its inbox are
 * carried out (docs/SPEC.md §9.1): after a {@code retry} it no longer shows a FAILED execution as FAILED, so a
 * second {@code retry} is refused as already pending and a {@code cancel} is accepted; after a {@code cancel} it
 * shows the execution as it will end.
 */
class PendingCommandsTest {
    @TempDir
    Path tmp;

    private static String stateOf(String journal, String id) {
        SendEventCommandTest.Run list = SendEventCommandTest.run("list", "--journal", journal);
        assertEquals(0, list.code(), list.err());
        for (String line : list.out().split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (cells[0].equals(id)) {
                return cells[1];
            }
        }
        throw new AssertionError("no " + id + " in\n" + list.out());
    }

    @Test
    void aPendingRetryShowsTheExecutionAsItWillRunAndIsNotTakenTwice() {
        Path dir = tmp.resolve("journal");
        long now = System.currentTimeMillis();
        try (TestJournal j = new TestJournal(dir)) {
            j.append(started("x", null, "key-x", now - 1000));
            j.append(step("x", 0), finished("x", ExecutionState.FAILED, now - 500));
        }
        String journal = dir.toString();
        assertEquals("FAILED", stateOf(journal, "x"));

        SendEventCommandTest.Run retry = SendEventCommandTest.run("retry", "--journal", journal, "x");
        assertEquals(0, retry.code(), retry.err());
        assertEquals("RUNNING", stateOf(journal, "x"), "as the application will see it once it takes the retry");

        SendEventCommandTest.Run again = SendEventCommandTest.run("retry", "--journal", journal, "x");
        assertEquals(2, again.code(), again.out());
        assertTrue(again.err().contains("already has a retry waiting in the inbox"), again.err());

        SendEventCommandTest.Run cancel = SendEventCommandTest.run("cancel", "--journal", journal, "x");
        assertEquals(0, cancel.code(), "a retried execution may be cancelled: " + cancel.err());
        assertEquals("FAILED", stateOf(journal, "x"), "the last command decides");
    }
}
