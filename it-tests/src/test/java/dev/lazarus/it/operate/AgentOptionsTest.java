package dev.lazarus.it.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.operate.OperatorApp;
import dev.lazarus.it.apps.steps.StepsApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agent options that no other scenario pins down: {@code report=} (the transparency report, docs/SPEC.md §3.6) and
 * {@code durability=process} (§7.1).
 */
@ExtendWith(ChildJvms.class)
class AgentOptionsTest {

    @Test
    void reportWritesEachCallSiteWithItsClassificationAndReason(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        Path report = dir.resolve("report.txt");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        Apps.durable(Jdk.find(17), dir, "app", journal, ledger, "report=" + report)
                .main(OperatorApp.class, "r-1")
                .start()
                .assertExit(0, Apps.EXIT);
        String text = Files.readString(report);
        assertTrue(text.contains("Lazarus transparency report for dev.lazarus.it.apps.operate.OperatorApp"), text);
        assertTrue(text.contains("@Durable flow(String)"), text);
        assertTrue(
                text.matches("(?s).*OperatorApp\\.java:\\d+\\s+journaled\\s+dev\\.lazarus\\.it\\.apps\\.support\\."
                        + "StepService\\.step\\s+receiver reached through field OperatorApp\\.steps.*"),
                text);
        assertTrue(
                text.matches("(?s).*OperatorApp\\.java:\\d+\\s+recomputed\\s+java\\.lang\\.Boolean\\.getBoolean.*"),
                text);
    }

    /** {@code process}: a journaled call returns once its record is written to the OS, which survives kill -9. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void processDurabilitySurvivesSigkill(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "durability=process", "recover=manual")
                .blockAt("step:p:4")
                .main(StepsApp.class, "call", "p", "5")
                .start();
        first.awaitStdout("^BLOCKED step:p:4$", Apps.WAIT);
        first.kill();
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "durability=process", "recover=manual")
                .main(StepsApp.class, "call", "p", "5")
                .start()
                .assertExit(0, Apps.EXIT);
        List<String> values = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            values.add(ledger.once("step", "p/" + k));
        }
        assertEquals(String.join(",", values), second.stdoutValue("RESULT "));
        for (int k = 1; k <= 3; k++) {
            assertTrue(
                    values.get(k - 1).startsWith("v" + k + "@" + first.pid() + "#"),
                    "call " + k + " was acknowledged before the kill and answered from the journal: " + values);
        }
    }
}
