package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.concurrent.ConcurrentApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concurrent executions: 20 executions running at once in one JVM (one thread each), each stopped at a different
 * outside call, killed together; the restarted process (default {@code recover=auto}) calls them all again
 * concurrently, and all resume and finish with each side effect once.
 */
@ExtendWith(ChildJvms.class)
class ConcurrentExecutionsTest {
    static final int JOBS = 20;

    /** Job i is stopped before its outside call (i mod 3) + 1. */
    static int blockedStep(int i) {
        return i % ConcurrentApp.STEPS + 1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void concurrentExecutionsAllResume(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String[] blockAt = new String[JOBS];
        int stepsBeforeKill = 0;
        for (int i = 0; i < JOBS; i++) {
            blockAt[i] = "step:" + ConcurrentApp.jobId(i) + ":" + blockedStep(i);
            stepsBeforeKill += blockedStep(i) - 1;
        }

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt(blockAt)
                .main(ConcurrentApp.class, String.valueOf(JOBS))
                .start();
        first.awaitStdoutCount("^BLOCKED step:job-", JOBS, Apps.WAIT);
        assertEquals(stepsBeforeKill, ledger.find("step").size(), ledger.dump());
        first.kill();

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(ConcurrentApp.class, String.valueOf(JOBS))
                .start();
        second.assertExit(0, Apps.EXIT);
        assertTrue(second.stdout().contains("ALL-DONE"), second.describe());

        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String job = ConcurrentApp.jobId(i);
            int blocked = blockedStep(i);
            checks.add(() -> {
                List<String> values = new ArrayList<>();
                for (int s = 1; s <= ConcurrentApp.STEPS; s++) {
                    String v = ledger.once("step", job + "/" + s);
                    long pid = s < blocked ? first.pid() : second.pid();
                    assertTrue(
                            v.startsWith("v" + s + "@" + pid + "#"),
                            job + " step " + s + " by process " + pid + ": " + v);
                    values.add(v);
                }
                String expected = String.join(",", values);
                assertEquals(expected, ledger.once("publish", job), job + " published");
                assertEquals(expected, second.stdoutValue("RESULT " + job + " "), job + " result");
            });
        }
        checks.add(() -> assertEquals(
                JOBS * (ConcurrentApp.STEPS + 1),
                ledger.entries().size(),
                "each job's steps and publish once, nothing else:\n" + ledger.dump()));
        assertAll(checks);
    }
}
