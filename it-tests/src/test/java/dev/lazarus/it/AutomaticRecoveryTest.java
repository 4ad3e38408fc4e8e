package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lazarus.it.apps.steps.StaticStepsApp;
import dev.lazarus.it.apps.steps.StepsApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Automatic recovery (docs/SPEC.md §4.2): as {@link KillAndResumeTest}, but the restarted process never calls the
 * method ({@code recover=auto}, the default). Automatic recovery finishes the execution on an engine thread: an
 * instance method once the new process constructs an instance of its class ({@link StepsApp}), a static method once
 * its class is initialised ({@link StaticStepsApp}). The app only waits for the ledger's publish line.
 */
@ExtendWith(ChildJvms.class)
class AutomaticRecoveryTest {
    static final int N = 5;

    static Stream<Arguments> cases() {
        return Jdk.all()
                .flatMap(jdk -> Stream.of(StepsApp.class, StaticStepsApp.class)
                        .flatMap(app ->
                                IntStream.rangeClosed(1, N).mapToObj(k -> arguments(jdk, app.getSimpleName(), k))));
    }

    @ParameterizedTest(name = "{0}: {1}, killed before outside call {2} of " + N)
    @MethodSource("cases")
    void recoveryFinishesTheExecution(Jdk jdk, String app, int k, @TempDir Path dir) {
        String mainClass = "dev.lazarus.it.apps.steps." + app;
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "auto-" + k;

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt("step:" + key + ":" + k)
                .main(mainClass, "call", key, String.valueOf(N))
                .start();
        first.awaitStdout("^BLOCKED step:" + key + ":" + k + "$", Apps.WAIT);
        first.kill();
        assertEquals(k - 1, ledger.find("step").size(), ledger.dump());

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(mainClass, "await", key, String.valueOf(N))
                .start();
        second.assertExit(0, Apps.EXIT);

        List<String> values = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            values.add(ledger.once("step", key + "/" + i));
        }
        String published = ledger.once("publish", key);
        assertAll(
                () -> assertEquals(N + 1, ledger.entries().size(), "N steps and one publish:\n" + ledger.dump()),
                () -> assertEquals(
                        String.join(",", values),
                        published,
                        "the recovered execution's result should be made of the values the journal holds"),
                () -> {
                    for (int i = 1; i <= N; i++) {
                        long pid = i < k ? first.pid() : second.pid();
                        assertTrue(
                                values.get(i - 1).startsWith("v" + i + "@" + pid + "#"),
                                "call " + i + " should have been made by process " + pid + ": " + values.get(i - 1));
                    }
                });
    }
}
