package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.classify.ClassifyApp;
import dev.lazarus.it.apps.steps.StepsApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Without {@code -javaagent} the same applications run unchanged as plain code (docs/SPEC.md §1.1): the annotations
 * are inert, every outside call happens once, nothing is journaled, and the facade ({@code Lazarus.executionId()},
 * called twice) logs its warning once.
 */
@ExtendWith(ChildJvms.class)
class WithoutAgentTest {
    static final String WARNING = "Lazarus agent not attached";

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void runsAsPlainCode(Jdk jdk, @TempDir Path dir) {
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));

        ChildProcess steps = Apps.plain(jdk, dir, "steps", ledger)
                .main(StepsApp.class, "call", "plain-1", "5")
                .start();
        steps.assertExit(0, Apps.EXIT);
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            values.add(ledger.once("step", "plain-1/" + i));
        }
        ChildProcess classify = Apps.plain(jdk, dir, "classify", ledger)
                .main(ClassifyApp.class, "doc-1")
                .start();
        classify.assertExit(0, Apps.EXIT);
        Map<String, String> result = ClassificationTest.parse(classify.stdoutValue("RESULT "));

        assertAll(
                () -> assertEquals(String.join(",", values), steps.stdoutValue("RESULT ")),
                () -> assertEquals(
                        List.of("OUTSIDE-EXECUTION-ID null", "OUTSIDE-EXECUTION-ID null"),
                        steps.stdout().stream()
                                .filter(l -> l.startsWith("OUTSIDE-EXECUTION-ID"))
                                .toList()),
                () -> assertEquals(
                        1,
                        steps.stderr().stream().filter(l -> l.contains(WARNING)).count(),
                        "the facade should warn exactly once:\n" + steps.describe()),
                () -> assertTrue(
                        steps.stderr().stream().noneMatch(l -> l.contains("lazarus -")),
                        "no agent log lines without the agent"),
                () -> assertEquals("14", result.get("tally")),
                () -> assertEquals(ledger.once("region", "DOC-1"), result.get("region")),
                () -> assertTrue(
                        result.get("failure").startsWith("dev.lazarus.it.apps.classify.QuotaExceededException: ")),
                () -> assertTrue(classify.stdout().contains("LOG before-gate doc-1")),
                () -> assertTrue(classify.stdout().contains("LOG after-gate doc-1")),
                () -> assertEquals(5 + 1 + 7, ledger.entries().size(), ledger.dump()),
                () -> assertFalse(Files.exists(dir.resolve("lazarus-journal")), "no journal without the agent"));
    }
}
