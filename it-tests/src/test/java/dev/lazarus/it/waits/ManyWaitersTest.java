package dev.lazarus.it.waits;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.waits.ManyWaitersApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Waiting is cheap (docs/SPEC.md §5.1): many durable executions wait at once in one JVM.
 * <ul>
 *   <li>On JDK 25, 10,000 executions started on virtual threads all wait for their event; the JVM holds few
 *       platform threads (fewer than 100, counted by {@code ThreadMXBean}, which does not count virtual
 *       threads), uses little CPU while they wait, and one event each releases them all.</li>
 *   <li>The same 10,000, killed while waiting, are resumed by recovery in a new process: recovery runs them on
 *       virtual threads, so again fewer than 100 platform threads, and the events release them all.</li>
 *   <li>On JDK 17 there are no virtual threads: the scenario runs with 200 executions and documents the
 *       behaviour: each waiting execution holds a platform thread (the application's own thread, or on
 *       recovery the engine's), so the platform thread count grows with the number of waiters.</li>
 * </ul>
 * {@code trace} is off here: ten thousand executions would write tens of thousands of trace lines.
 */
@ExtendWith(ChildJvms.class)
class ManyWaitersTest {
    static final Duration LONG = Duration.ofSeconds(150);

    static int waiters(Jdk jdk) {
        return jdk.feature() >= 21 ? 10_000 : 200;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void manyExecutionsWaitAtOnce(Jdk jdk, @TempDir Path dir) {
        int n = waiters(jdk);
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        long t0 = System.nanoTime();
        ChildProcess app = Apps.durable(jdk, dir, "app", dir.resolve("journal"), ledger, "trace=false")
                .main(ManyWaitersApp.class, "run", String.valueOf(n))
                .start();
        app.assertExit(0, LONG);
        double total = Waits.seconds(t0, System.nanoTime());
        Map<String, Long> waiting = numbers(app.stdout(), "WAITING ");
        Map<String, Long> done = numbers(app.stdout(), "ALL DONE ");
        System.out.printf(
                "%s: %d executions waiting at once: %s; %s; child ran %.1f s%n", jdk, n, waiting, done, total);
        assertAll(
                () -> assertEquals(0, done.get("wrong"), "every execution got its own event\n" + app.describe()),
                () -> assertEquals(0, waiting.get("done"), "no execution finished before its event"),
                () -> assertTrue(
                        waiting.get("cpuMsIn2s") < 1_000,
                        "waiting executions should use (almost) no CPU: " + waiting.get("cpuMsIn2s")
                                + " ms of CPU in 2 s"),
                () -> {
                    if (jdk.feature() >= 21) {
                        assertTrue(
                                waiting.get("peakPlatformThreads") < 100,
                                "on " + jdk + " " + n
                                        + " waiting executions on virtual threads should hold no platform thread each: "
                                        + waiting);
                    } else {
                        // documented JDK 17 behaviour: one platform thread per waiting execution
                        assertTrue(waiting.get("platformThreads") >= n, "on " + jdk + ": " + waiting);
                    }
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void recoveredWaitersRunOnVirtualThreads(Jdk jdk, @TempDir Path dir) {
        int n = waiters(jdk);
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "trace=false")
                .main(ManyWaitersApp.class, "hold", String.valueOf(n))
                .start();
        first.awaitStdout("^HOLDING$", LONG);
        first.kill();

        long t0 = System.nanoTime();
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "trace=false")
                .main(ManyWaitersApp.class, "recover", String.valueOf(n))
                .start();
        second.assertExit(0, LONG);
        double total = Waits.seconds(t0, System.nanoTime());
        Map<String, Long> settled = numbers(second.stdout(), "SETTLED ");
        Map<String, Long> done = numbers(second.stdout(), "ALL DONE ");
        System.out.printf(
                "%s: %d executions recovered while waiting: %s; %s; restarted child ran %.1f s%n",
                jdk, n, settled, done, total);
        assertAll(
                () -> assertEquals(0, done.get("wrong"), "every execution got its own event\n" + second.describe()),
                () -> assertEquals(0, settled.get("done"), "no recovered execution finished before its event"),
                () -> assertTrue(
                        settled.get("cpuMsIn2s") < 1_000,
                        "recovered waiting executions should use (almost)" + " no CPU: " + settled.get("cpuMsIn2s")
                                + " ms of CPU in 2 s"),
                () -> {
                    if (jdk.feature() >= 21) {
                        assertTrue(
                                done.get("peakPlatformThreads") < 100,
                                "on " + jdk + " recovery should resume the " + n
                                        + " waiting executions on virtual threads: " + settled + "; " + done);
                    }
                });
    }

    /** @return the {@code name=number} pairs of the first stdout line starting with {@code prefix} */
    static Map<String, Long> numbers(java.util.List<String> stdout, String prefix) {
        String line = stdout.stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no stdout line starts with '" + prefix + "':\n" + String.join("\n", stdout)));
        Map<String, Long> out = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\d+)").matcher(line);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }
}
