package dev.lazarus.agent.cli;

import static dev.lazarus.agent.cli.TestJournal.finished;
import static dev.lazarus.agent.cli.TestJournal.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.record.ExecutionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line meets the journal directory as a trust boundary (docs/SPEC.md §7.6): a journal others may write
 * is refused by every command with one {@code LAZ-110} line naming the mode and the switch, and read as it is with
 * {@code --accept-untrusted-journal}.
 */
class UntrustedJournalTest {
    @TempDir
    Path tmp;

    @Test
    void aJournalOthersMayWriteIsRefusedUnlessAccepted() throws IOException {
        Path dir = tmp.resolve("journal");
        long now = System.currentTimeMillis();
        try (TestJournal j = new TestJournal(dir)) {
            j.append(started("x", null, "key-x", now - 1000));
            j.append(finished("x", ExecutionState.COMPLETED, now - 500));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        SendEventCommandTest.Run refused = SendEventCommandTest.run("list", "--journal", dir.toString());
        assertEquals(2, refused.code(), refused.out());
        assertEquals(1, refused.err().strip().split("\n").length, "one line: " + refused.err());
        assertTrue(refused.err().startsWith("lazarus list: LAZ-110: the journal directory " + dir), refused.err());
        assertTrue(refused.err().contains("mode rwxrwxrwx"), refused.err());
        assertTrue(refused.err().contains("--accept-untrusted-journal"), refused.err());
        assertEquals("", refused.out(), "nothing read");

        SendEventCommandTest.Run accepted =
                SendEventCommandTest.run("list", "--journal", dir.toString(), "--accept-untrusted-journal");
        assertEquals(0, accepted.code(), accepted.err());
        assertTrue(accepted.out().contains("COMPLETED"), accepted.out());
    }
}
