package dev.lazarus.it.failures;

import static dev.lazarus.it.failures.Failures.attempts;
import static dev.lazarus.it.failures.Failures.oneStepKey;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.failures.RetryApp;
import dev.lazarus.it.apps.failures.TransientException;
import dev.lazarus.it.failures.Failures.Attempt;
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
 * Retries across a crash (docs/SPEC.md §6.2): attempts and the next attempt's time are journaled. The callee
 * ({@code @Retry(maxAttempts=3, initialDelay="3s", maxDelay="3s")}) fails every attempt; the process is killed
 * about 1 s into the first 3 s back-off. The restarted process (which calls the method again,
 * {@code recover=manual}) waits only what is left of that back-off, then makes exactly the remaining attempts 2 and
 * 3 (the second back-off capped at 3 s by {@code maxDelay}), and the body gets the third attempt's exception. The
 * ledger counts three attempts in all, across both processes, with one step key: a restart that started the
 * attempts over would make a fourth.
 */
@ExtendWith(ChildJvms.class)
class BackoffAcrossCrashTest {
    static final long BACKOFF_MS = 3000;
    /** Clock readings of two processes on one machine: a little slack for rounding. */
    static final long SLACK_MS = 50;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void killedDuringBackoffResumesTheRemainingWaitAndAttempts(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "slow-1";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "recover=manual")
                .main(RetryApp.class, "backoff", key)
                .start();
        Attempt a1 = awaitAttempt(ledger, key, first);
        Failures.sleepUntil(a1.millis() + 1000); // inside the 3 s back-off after the failed attempt 1
        first.kill();
        assertEquals(1, attempts(ledger, key).size(), "killed during the first back-off\n" + ledger.dump());

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "recover=manual")
                .main(RetryApp.class, "backoff", key)
                .start();
        second.assertExit(0, Apps.EXIT);
        long secondStarted = Long.parseLong(second.stdoutValue("START pid=").replaceAll("^\\d+ t=", ""));

        List<Attempt> all = attempts(ledger, key);
        assertEquals(
                3,
                all.size(),
                "maxAttempts=3 across both processes: attempt 1 before the kill, 2 and 3 after"
                        + " (a fourth would mean the restart started the attempts over)\n"
                        + ledger.dump());
        String expected = "threw " + TransientException.class.getName() + ": " + key + " failed on attempt 3 in pid "
                + second.pid();
        Attempt a2 = all.get(1);
        Attempt a3 = all.get(2);
        assertAll(
                () -> assertEquals(
                        List.of(1, 2, 3), all.stream().map(Attempt::n).toList()),
                () -> assertEquals(
                        List.of(first.pid(), second.pid(), second.pid()),
                        all.stream().map(Attempt::pid).toList(),
                        "which process made each attempt"),
                () -> oneStepKey(all, "the slow call"),
                () -> assertTrue(
                        a2.millis() - a1.millis() >= BACKOFF_MS - SLACK_MS,
                        "the back-off is kept across the crash: attempt 2 came " + (a2.millis() - a1.millis())
                                + " ms after attempt 1, less than 3 s"),
                () -> assertTrue(
                        a2.millis() - secondStarted < BACKOFF_MS - 200,
                        "the restart waits only the rest of the back-off, not a fresh 3 s: attempt 2 came "
                                + (a2.millis() - secondStarted) + " ms after the restarted main started ("
                                + (a2.millis() - a1.millis()) + " ms after attempt 1)"),
                () -> assertTrue(
                        a3.millis() - a2.millis() >= BACKOFF_MS - SLACK_MS
                                && a3.millis() - a2.millis() < 2 * BACKOFF_MS - 500,
                        "maxDelay=3s caps the second back-off (3 s x 2 = 6 s): waited " + (a3.millis() - a2.millis())
                                + " ms"),
                () -> assertEquals(
                        expected,
                        second.stdoutValue("RESULT "),
                        "the attempts ran out: the body gets the third attempt's exception"),
                () -> assertEquals(expected, ledger.once("publish", key)));
    }

    private static Attempt awaitAttempt(LedgerFile ledger, String key, ChildProcess app) {
        long deadline = System.nanoTime() + Apps.WAIT.toNanos();
        while (attempts(ledger, key).isEmpty()) {
            if (!app.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no attempt of " + key + " in the ledger\n" + app.describe());
            }
            Failures.sleepUntil(System.currentTimeMillis() + 10);
        }
        return attempts(ledger, key).get(0);
    }
}
