package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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
 * Kill and resume (docs/SPEC.md §4.3): a {@code @Durable} method with N outside calls, killed (SIGKILL) before each
 * call position k = 1..N in turn, resumes when the restarted process calls it again with the same arguments
 * ({@code recover=manual}, so the resumption is the calling thread's): every outside call ran exactly once, and the
 * result is the one the journal implies: the values returned before the crash (by the first process) are the ones
 * the method gets after it.
 */
@ExtendWith(ChildJvms.class)
class KillAndResumeTest {
    static final int N = 5;

    static Stream<Arguments> jdkAndPosition() {
        return Jdk.all().flatMap(jdk -> IntStream.rangeClosed(1, N).mapToObj(k -> arguments(jdk, k)));
    }

    @ParameterizedTest(name = "{0}: killed before outside call {1} of " + N)
    @MethodSource("jdkAndPosition")
    void resumesWithEachOutsideCallOnce(Jdk jdk, int k, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "order-" + k;

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "recover=manual")
                .blockAt("step:" + key + ":" + k)
                .main(StepsApp.class, "call", key, String.valueOf(N))
                .start();
        first.awaitStdout("^BLOCKED step:" + key + ":" + k + "$", Apps.WAIT);
        assertEquals(
                k - 1,
                ledger.find("step").size(),
                "before the kill, calls 1.." + (k - 1) + " happened:\n" + ledger.dump());
        first.kill();

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "recover=manual")
                .main(StepsApp.class, "call", key, String.valueOf(N))
                .start();
        second.assertExit(0, Apps.EXIT);
        String result = second.stdoutValue("RESULT ");

        List<String> values = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            values.add(ledger.once("step", key + "/" + i));
        }
        assertEquals(N + 1, ledger.entries().size(), "N steps and one publish, nothing else:\n" + ledger.dump());
        assertAll(
                () -> assertEquals(
                        String.join(",", values),
                        result,
                        "the result should be made of the values the outside world returned, each once"),
                () -> assertEquals(result, ledger.once("publish", key), "published result"),
                () -> {
                    for (int i = 1; i <= N; i++) {
                        long pid = i < k ? first.pid() : second.pid();
                        assertTrue(
                                values.get(i - 1).startsWith("v" + i + "@" + pid + "#"),
                                "call " + i
                                        + " should have been answered by process " + pid + " (first " + first.pid()
                                        + ", second " + second.pid() + "): " + values.get(i - 1));
                    }
                });
    }

    /**
     * Killed twice: before call 2 in the first process and, after resuming, before call 4 in the second;
     * the third process finishes. A crash during a resumed run loses nothing either.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void resumesAfterBeingKilledTwice(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "twice";
        String n = String.valueOf(N);

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "recover=manual")
                .blockAt("step:twice:2")
                .main(StepsApp.class, "call", key, n)
                .start();
        first.awaitStdout("^BLOCKED step:twice:2$", Apps.WAIT);
        first.kill();
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "recover=manual")
                .blockAt("step:twice:4")
                .main(StepsApp.class, "call", key, n)
                .start();
        second.awaitStdout("^BLOCKED step:twice:4$", Apps.WAIT);
        second.kill();
        ChildProcess third = Apps.durable(jdk, dir, "third", journal, ledger, "recover=manual")
                .main(StepsApp.class, "call", key, n)
                .start();
        third.assertExit(0, Apps.EXIT);

        List<String> values = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            values.add(ledger.once("step", key + "/" + i));
        }
        long[] expectedPid = {first.pid(), second.pid(), second.pid(), third.pid(), third.pid()};
        assertAll(
                () -> assertEquals(String.join(",", values), third.stdoutValue("RESULT ")),
                () -> assertEquals(N + 1, ledger.entries().size(), ledger.dump()),
                () -> {
                    for (int i = 1; i <= N; i++) {
                        assertTrue(
                                values.get(i - 1).startsWith("v" + i + "@" + expectedPid[i - 1] + "#"),
                                "call " + i + " by process " + expectedPid[i - 1] + ": " + values.get(i - 1));
                    }
                });
    }
}
