package dev.lazarus.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.reliability.RecoveryRaceApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Automatic recovery ({@code recover=auto}) racing the application's own call of the same unfinished execution (an
 * unfinished execution left by an earlier process is resumed, docs/SPEC.md §2.2, and a call whose outcome was
 * recorded never runs again, §6.3). The first process is killed in the execution's second outside call; the second
 * constructs the object (which schedules the recovery on an engine thread) and calls the method at once, so its own
 * call resumes and finishes the execution before the engine thread, slowed down by decoding the journaled argument
 * (its class takes a second to initialise there), gets there. The engine thread must then find the execution
 * finished and do nothing: each outside call runs once (the interrupted one at most twice, with one step key).
 */
@ExtendWith(ChildJvms.class)
class RecoveryRaceTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void recoveryThreadFindsTheExecutionFinishedByTheApplication(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "recover=auto")
                .blockAt("race:k:2")
                .main(RecoveryRaceApp.class, "k", "first")
                .start();
        first.awaitStdout("^BLOCKED race:k:2$", Apps.WAIT);
        first.kill();
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "recover=auto")
                .property("it.race.slowInit", "true")
                .main(RecoveryRaceApp.class, "k", "second")
                .start();
        second.assertExit(0, Apps.EXIT);
        assertEquals(
                1,
                ledger.count("race", "k/1"),
                "step 1 was journaled before the kill: it must not run again\n" + ledger.dump() + "\n"
                        + second.describe());
        assertEquals(1, ledger.count("race", "k/2"), "step 2 runs once after the restart\n" + ledger.dump());
    }
}
