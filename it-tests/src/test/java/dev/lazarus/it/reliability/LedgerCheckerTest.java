package dev.lazarus.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash loop's judge on a ledger a kill tore: a SIGKILL can cut a {@code write} where it crosses a page of the
 * file, so the killed process's last line has no end and the next process's first line continues it.
 */
class LedgerCheckerTest {
    @TempDir
    Path dir;

    private static String step(String pipeline, int k, String value, String stepKey, String prev, long pid) {
        return "step " + pipeline + "/" + k + " -> " + value + " sk=" + stepKey + " prev=" + prev + " pid=" + pid
                + " t=" + k + "\n";
    }

    /**
     * Process 100 journaled steps 1 and 2 of one pipeline and was killed writing step 3's line; process 200 starts
     * another pipeline, then runs step 3 again.
     */
    private Path tornLedger() throws IOException {
        Path ledger = dir.resolve("ledger.txt");
        String three = step("r00000-p0", 3, "v3@100#3", "e#2", "v2@100#2", 100);
        Files.writeString(
                ledger,
                step("r00000-p0", 1, "v1@100#1", "e#0", "start", 100)
                        + step("r00000-p0", 2, "v2@100#2", "e#1", "v1@100#1", 100)
                        + three.substring(0, 31),
                StandardCharsets.UTF_8);
        return ledger;
    }

    private static void afterRestart(Path ledger) throws IOException {
        Files.writeString(
                ledger,
                step("r00000-p1", 1, "v1@200#1", "f#0", "start", 200)
                        + step("r00000-p0", 3, "v3@200#2", "e#2", "v2@100#2", 200),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    @Test
    void aLineAKillCutIsDroppedAndTheRerunIsTheInFlightDuplicate() throws IOException {
        Path ledger = tornLedger();
        LedgerChecker checker = new LedgerChecker(ledger, 3);
        assertEquals(2, checker.readNew(), "the torn line is not complete yet");
        assertTrue(checker.dropTornLine());
        afterRestart(ledger);
        checker.readNew();
        assertEquals(List.of(), checker.violations());
        assertEquals(1, checker.tornLines());
        assertFalse(checker.dropTornLine(), "a ledger ending in a whole line has nothing torn");
    }

    @Test
    void leftInPlaceTheTornLineMergesWithTheNextProcesssFirstLine() throws IOException {
        // what the crash loop reported before it dropped torn lines: the engine blamed for the harness's own tear
        Path ledger = tornLedger();
        LedgerChecker checker = new LedgerChecker(ledger, 3);
        checker.readNew();
        afterRestart(ledger);
        checker.readNew();
        assertFalse(checker.violations().isEmpty());
    }
}
