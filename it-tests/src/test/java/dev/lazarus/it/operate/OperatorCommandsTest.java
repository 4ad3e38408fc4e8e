package dev.lazarus.it.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.operate.OperatorApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operator commands (docs/SPEC.md §9.1): {@code retry} makes a FAILED execution resume (with the steps it had) once
 * fixed code is deployed; {@code cancel} finishes an unfinished execution for good. Both sent from the command line
 * while the application is down, and judged on what the outside world saw (the ledger).
 */
@ExtendWith(ChildJvms.class)
class OperatorCommandsTest {

    private static ChildProcess cli(Path dir, String name, String... args) {
        ChildProcess p = ChildJvm.on(Jdk.find(17), dir, name)
                .jar(ItEnv.agentJar(), args)
                .allowStderr("^lazarus ")
                .run(60);
        return p;
    }

    private static String onlyId(Path dir, Path journal, String state) {
        ChildProcess list = cli(dir, "list-" + state, "list", "--journal", journal.toString(), "--state", state);
        assertEquals(0, list.awaitExit(Apps.WAIT), list.describeFully());
        assertEquals(2, list.stdout().size(), "header and one " + state + " execution: " + list.describeFully());
        return list.stdout().get(1).split("\\s+")[0];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void retryResumesAFailedExecutionOnceTheFixIsDeployed(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess buggy = Apps.durable(jdk, dir, "buggy", journal, ledger)
                .property("flow.bug", "true")
                .main(OperatorApp.class, "order-1")
                .start()
                .assertExit(0, Apps.EXIT);
        assertTrue(buggy.stdoutValue("THREW ").contains("bug after step 1"), buggy.describeFully());
        String id = onlyId(dir, journal, "FAILED");

        ChildProcess again = Apps.durable(jdk, dir, "still-failed", journal, ledger)
                .main(OperatorApp.class, "order-1")
                .start()
                .assertExit(0, Apps.EXIT);
        assertTrue(
                again.stdoutValue("THREW ").contains("bug after step 1"),
                "without retry the recorded failure" + " answers: " + again.describeFully());

        assertEquals(
                0,
                cli(dir, "retry", "retry", "--journal", journal.toString(), id).awaitExit(Apps.WAIT));
        ChildProcess fixed = Apps.durable(jdk, dir, "fixed", journal, ledger)
                .main(OperatorApp.class, "order-1")
                .start()
                .assertExit(0, Apps.EXIT);
        String step1 = ledger.once("step", "order-1/1");
        String step2 = ledger.once("step", "order-1/2");
        assertEquals(step1 + "," + step2, fixed.stdoutValue("RESULT "), "step 1 from the journal, step 2 live");
        assertTrue(step1.startsWith("v1@" + buggy.pid() + "#"), step1);
        assertTrue(step2.startsWith("v2@" + fixed.pid() + "#"), step2);
        assertEquals(id, onlyId(dir, journal, "COMPLETED"), "the same execution, now completed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void cancelFinishesAnUnfinishedExecutionForGood(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "recover=manual")
                .blockAt("step:order-2:2")
                .main(OperatorApp.class, "order-2")
                .start();
        first.awaitStdout("^BLOCKED step:order-2:2$", Apps.WAIT);
        first.kill();
        String id = onlyId(dir, journal, "RUNNING");

        ChildProcess refused = cli(dir, "retry-running", "retry", "--journal", journal.toString(), id);
        assertEquals(2, refused.awaitExit(Apps.WAIT), "retry applies to FAILED or DIVERGED only");
        assertEquals(1, refused.stderr().size(), refused.describeFully());
        assertEquals(
                0,
                cli(dir, "cancel", "cancel", "--journal", journal.toString(), id)
                        .awaitExit(Apps.WAIT));

        ChildProcess after = Apps.durable(jdk, dir, "after", journal, ledger)
                .main(OperatorApp.class, "order-2")
                .start()
                .assertExit(0, Apps.EXIT);
        assertTrue(
                after.stdoutValue("THREW ").contains("LAZ-402"),
                "the cancelled execution answers with its" + " cancellation: " + after.describeFully());
        assertEquals(0, ledger.find("step", "order-2/2").size(), "step 2 never ran:\n" + ledger.dump());
        assertEquals(1, ledger.find("step", "order-2/1").size(), ledger.dump());
        assertEquals(id, onlyId(dir, journal, "FAILED"));
    }
}
