package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lazarus.it.apps.child.OrderApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code @Durable} method called inside an execution is a child execution (docs/SPEC.md §2.3). The parent
 * {@link OrderApp#order} is killed inside the child (before the child's second outside call) or after the child
 * finished (before the parent's next call); the restarted process calls the parent again, and every outside call,
 * the child's included, ran exactly once with the values the journal holds.
 */
@ExtendWith(ChildJvms.class)
class ChildExecutionTest {
    static Stream<Arguments> cases() {
        return Jdk.all()
                .flatMap(jdk -> Stream.of(
                        arguments(jdk, "inside the child execution", "step:ship-o1:2"),
                        arguments(jdk, "after the child execution finished", "step:o1:2")));
    }

    @ParameterizedTest(name = "{0}: killed {1}")
    @MethodSource("cases")
    void childExecutionResumesWithTheParent(Jdk jdk, String where, String blockAt, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt(blockAt)
                .main(OrderApp.class, "o1")
                .start();
        first.awaitStdout("^BLOCKED " + blockAt + "$", Apps.WAIT);
        first.kill();

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(OrderApp.class, "o1")
                .start();
        second.assertExit(0, Apps.EXIT);

        String charged = ledger.once("step", "o1/1");
        String label = ledger.once("step", "ship-o1/1");
        String pickup = ledger.once("step", "ship-o1/2");
        String confirmed = ledger.once("step", "o1/2");
        String expected = charged + "|" + label + "+" + pickup + "|" + confirmed;
        boolean insideChild = blockAt.startsWith("step:ship-");
        assertAll(
                () -> assertEquals(expected, second.stdoutValue("RESULT ")),
                () -> assertEquals(expected, ledger.once("publish", "o1")),
                () -> assertEquals(5, ledger.entries().size(), ledger.dump()),
                () -> assertTrue(
                        label.contains("@" + first.pid() + "#"), "the child's first call was made before the kill"),
                () -> assertTrue(
                        pickup.contains("@" + (insideChild ? second.pid() : first.pid()) + "#"),
                        "the child's second call: " + pickup));
    }
}
