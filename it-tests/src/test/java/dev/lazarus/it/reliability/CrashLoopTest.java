package dev.lazarus.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.Jdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash loop (RELIABILITY.md §1), short version for CI: at least 200 SIGKILLs at random moments (the seed is
 * printed; {@code -Dit.crash.seed=N} replays a run) of a JVM running 6 concurrent durable pipelines, each restart
 * on the same journal with {@code recover=auto}; the ledger's invariants are checked after every kill
 * ({@link LedgerChecker}), {@code verify} runs on the journal every 10 kills, and at the end every pipeline's
 * result must be made of its journaled steps. JDK 17 only, to stay within a few minutes on two shared cores; the
 * long version ({@code scripts/crash-loop.sh}) runs either JDK.
 *
 * <p>Knobs: {@code -Dit.crash.kills}, {@code -Dit.crash.seed}, and the other {@code it.crash.*} properties of
 * {@link CrashLoop.Config}.
 */
@ExtendWith(ChildJvms.class)
class CrashLoopTest {

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void nothingAcknowledgedIsLostUnderRandomKills(@TempDir Path dir) throws Exception {
        CrashLoop.Config config = CrashLoop.Config.fromSystemProperties();
        config.killsPerJournal = Math.max(config.killsPerJournal, config.kills);
        config.dir = dir;
        CrashLoop.Result r = new CrashLoop(config, Jdk.find(17)).run();
        String summary = report(r, "crash-loop-ci.txt");
        assertNothingLost(config, r, summary);
    }

    /** Prints the run's summary and writes it, with its figures, to {@code target/reliability/<file>}. */
    static String report(CrashLoop.Result r, String file) throws IOException {
        String summary = r.summary();
        System.out.println(summary);
        Path out = Paths.get(System.getProperty("it.output.dir", "target/child-output"))
                .resolveSibling("reliability");
        Files.createDirectories(out);
        Files.writeString(out.resolve(file), summary + "\n" + Stats.figures(r));
        return summary;
    }

    /** What every crash loop must show: all kills made, no failed cycle, no corrupt journal, duplicates only in flight. */
    static void assertNothingLost(CrashLoop.Config config, CrashLoop.Result r, String summary) {
        assertTrue(r.kills >= config.kills, summary);
        assertEquals(0, r.failedCycles, summary);
        assertEquals(0, r.corruptJournals, summary);
        assertEquals(0, r.verifyFailures, summary);
        assertTrue(r.maxDuplicatesPerKill <= config.pipelines, summary);
        assertTrue(r.pipelinesFinished > 0, summary);
    }
}
