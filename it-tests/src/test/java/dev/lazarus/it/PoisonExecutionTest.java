package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazarus.it.apps.poison.PoisonApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Poison executions (docs/SPEC.md §4.4): an execution whose resumption kills the process every time in its own code
 * (after its first outside call, a helper of the application halts the JVM while a marker file exists) is marked
 * FAILED once its first run and {@code maxRecoveries} recoveries crashed the process,
 * and the application starts again normally: later durable calls work, and calling the poison execution again
 * (explicit key, so a finished execution's outcome is returned) throws instead of running it.
 */
@ExtendWith(ChildJvms.class)
class PoisonExecutionTest {
    static final int MAX_RECOVERIES = 2;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void poisonExecutionIsMarkedFailed(Jdk jdk, @TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        Path marker = Files.createFile(dir.resolve("poison.marker"));
        String id = "poison-1";

        ChildProcess last = null;
        int starts = 0;
        while (starts < MAX_RECOVERIES + 3) {
            starts++;
            ChildProcess p = Apps.durable(
                            jdk, dir, "start" + starts, journal, ledger, "maxRecoveries=" + MAX_RECOVERIES)
                    .property("it.poison.marker", marker.toString())
                    .allowStderr("\\[ERROR\\] lazarus - LAZ-401: ")
                    .main(PoisonApp.class, id)
                    .start();
            int code = p.awaitExit(Apps.EXIT);
            last = p;
            if (code == 0) {
                break;
            }
            assertEquals(1, code, "a start either dies of the poison (halt(1)) or runs to the end\n" + p.describe());
            assertEquals(
                    starts,
                    ledger.count("drink", id),
                    "each start that died ran the poison call once\n" + ledger.dump());
        }
        ChildProcess ok = last;
        if (!ok.stdout().contains("APP-ALIVE")) {
            fail("the application never started normally in " + starts + " starts (maxRecoveries=" + MAX_RECOVERIES
                    + ")\n" + ok.describe());
        }
        String outcome = ok.stdoutValue("OUTCOME ");
        assertAll(
                () -> assertEquals(
                        MAX_RECOVERIES + 1,
                        ledger.count("drink", id),
                        "the first run and " + MAX_RECOVERIES
                                + " recoveries died, then the execution was marked FAILED:\n" + ledger.dump()),
                () -> assertEquals(
                        1,
                        ledger.count("step", id + "/1"),
                        "the call before the poison was journaled: answered from the journal in every recovery"),
                () -> assertTrue(
                        outcome.startsWith("threw ") && outcome.contains("FAILED"),
                        "calling the FAILED execution again should throw its recorded failure, not run it: " + outcome),
                () -> assertTrue(
                        ok.stdoutValue("HEALTHY ").startsWith("v1@" + ok.pid() + "#"),
                        "another durable call works in the process that started normally"),
                () -> assertTrue(
                        ok.stderr().stream().anyMatch(l -> l.contains("FAILED")),
                        "the agent says it marked the execution FAILED\n" + ok.describe()));
    }
}
