package dev.lazarus.it.failures;

import static dev.lazarus.it.failures.Failures.field;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.failures.RetryApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exactly-once statement's other half (docs/SPEC.md §6.3): a call in flight when the process died runs again,
 * with the same {@code Lazarus.stepKey()}. The callee writes its side effect (a charge) to the ledger and then
 * blocks; the process is killed there, before the call's outcome is journaled. After the restart the charge runs
 * once more with the same step key (so an API given that key as its idempotency key can drop the duplicate), and
 * the body goes on once: the next step and the publish happen once.
 */
@ExtendWith(ChildJvms.class)
class InFlightCallTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void callKilledAfterItsSideEffectRunsAgainWithTheSameStepKey(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "charge-1";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "recover=manual")
                .blockAt("charged:" + key)
                .main(RetryApp.class, "inflight", key)
                .start();
        first.awaitStdout("^BLOCKED charged:" + key + "$", Apps.WAIT);
        first.kill();
        assertEquals(1, ledger.count("charge", key), "the side effect happened before the kill\n" + ledger.dump());
        assertEquals(0, ledger.count("step", key + "/2"), ledger.dump());

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "recover=manual")
                .main(RetryApp.class, "inflight", key)
                .start();
        second.assertExit(0, Apps.EXIT);

        List<LedgerFile.Entry> charges = ledger.find("charge", key);
        String next = ledger.once("step", key + "/2");
        String result = second.stdoutValue("RESULT ");
        assertEquals(
                2,
                charges.size(),
                "the in-flight call runs once more after the restart (at-least-once for " + "that window)\n"
                        + ledger.dump());
        String stepKey = field(charges.get(0).value(), "key");
        assertAll(
                () -> assertEquals(
                        stepKey,
                        field(charges.get(1).value(), "key"),
                        "the call that ran again sees the same Lazarus.stepKey()"),
                () -> assertTrue(!stepKey.equals("null"), "Lazarus.stepKey() inside a journaled call: " + stepKey),
                () -> assertEquals(
                        List.of(String.valueOf(first.pid()), String.valueOf(second.pid())),
                        charges.stream().map(c -> field(c.value(), "pid")).toList()),
                () -> assertTrue(
                        next.startsWith("v2@" + second.pid() + "#"),
                        "the next step ran once, after the restart: " + next),
                () -> assertEquals(
                        "receipt:" + key + ":" + stepKey + "@" + second.pid() + "," + next,
                        result,
                        "the body continues once, with the outcome of the call that ran again"),
                () -> assertEquals(result, ledger.once("publish", key)),
                () -> assertEquals(4, ledger.entries().size(), "two charges, one step, one publish\n" + ledger.dump()));
    }
}
