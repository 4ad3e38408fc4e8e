package dev.lazarus.it.failures;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lazarus.it.apps.failures.DeclinedException;
import dev.lazarus.it.apps.failures.KeysApp;
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
 * Explicit keys, docs/SPEC.md §2.2 ({@link KeysApp}: {@code pay(@ExecutionKey orderId, cents)}). The first process
 * pays one order, has one declined (a checked exception), and pays a third from two threads at once: the second
 * caller joins the running execution and gets its outcome. A second process calls all three again, and the first
 * once more with another amount: every call returns the recorded result or throws the recorded exception (class and
 * message, naming the first process) without paying again.
 */
@ExtendWith(ChildJvms.class)
class ExplicitKeyTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aFinishedKeyReturnsItsRecordedOutcomeAcrossRestarts(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "recover=manual")
                .main(KeysApp.class, "round1")
                .start();
        first.assertExit(0, Apps.EXIT);
        String ok = first.stdoutValue("OUTCOME ok ");
        String declined = first.stdoutValue("OUTCOME declined ");
        String joinFirst = first.stdoutValue("OUTCOME join-first ");
        long p1 = first.pid();
        assertAll(
                "first process",
                () -> assertEquals(
                        "value paid:order-ok:500@" + p1 + "#"
                                + ledger.once("pay", "order-ok").replaceAll("^.* n=", ""),
                        ok),
                () -> assertEquals(
                        "threw " + DeclinedException.class.getName() + ": card declined for order-declined"
                                + " (-1 cents) in pid " + p1,
                        declined),
                () -> assertEquals(
                        1,
                        ledger.count("pay", "join-1"),
                        "two concurrent calls with one key: one payment\n" + ledger.dump()),
                () -> assertEquals(
                        joinFirst,
                        first.stdoutValue("OUTCOME join-second "),
                        "the second caller joined the running execution and got its outcome"));
        List<LedgerFile.Entry> afterFirst = ledger.entries();

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "recover=manual")
                .main(KeysApp.class, "round2")
                .start();
        second.assertExit(0, Apps.EXIT);
        assertAll(
                "second process",
                () -> assertEquals(
                        afterFirst, ledger.entries(), "nothing paid again after the restart\n" + ledger.dump()),
                () -> assertEquals(
                        ok, second.stdoutValue("OUTCOME ok "), "the recorded result, from the first process"),
                () -> assertEquals(
                        declined,
                        second.stdoutValue("OUTCOME declined "),
                        "the recorded exception: same class and message"),
                () -> assertEquals(joinFirst, second.stdoutValue("OUTCOME join-again ")),
                () -> assertEquals(
                        ok,
                        second.stdoutValue("OUTCOME ok-other-amount "),
                        "the key alone identifies the execution: other arguments do not make it run again"));
    }
}
