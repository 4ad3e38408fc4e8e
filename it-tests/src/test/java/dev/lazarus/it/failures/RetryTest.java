package dev.lazarus.it.failures;

import static dev.lazarus.it.failures.Failures.attempts;
import static dev.lazarus.it.failures.Failures.oneStepKey;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.failures.FatalException;
import dev.lazarus.it.apps.failures.OtherException;
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
 * Retries (docs/SPEC.md §6.2, {@link RetryApp}): a callee with {@code @Retry} that fails twice is attempted three
 * times with one {@code Lazarus.stepKey()}, with the exponential back-off between attempts; {@code abortOn} stops
 * at the first attempt; an exception outside {@code retryOn} is not retried (a subclass of a listed one is); a
 * durable method's {@code @Retry} is the default of its calls, and a callee's own policy wins over it; when
 * attempts run out the body gets the last exception, and a restarted process replays it identically without calling
 * the callee; the agent option {@code retry=} gives an unannotated class a policy, and nothing else is retried.
 * Each real attempt is a ledger line.
 */
@ExtendWith(ChildJvms.class)
class RetryTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void failingTwiceThenSucceedingIsAttemptedThreeTimesWithOneStepKey(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "flaky-1";

        ChildProcess p = Apps.durable(jdk, dir, "run", journal, ledger, "recover=manual")
                .main(RetryApp.class, "flaky", key)
                .start();
        p.assertExit(0, Apps.EXIT);

        List<Attempt> attempts = attempts(ledger, key);
        assertEquals(3, attempts.size(), "@Retry(maxAttempts=3): two failures, then the success\n" + ledger.dump());
        String stepKey = oneStepKey(attempts, "the flaky call");
        String result = p.stdoutValue("RESULT ");
        String executionId = result.replaceAll("^execution=(\\S+) .*$", "$1");
        long gap1 = attempts.get(1).millis() - attempts.get(0).millis();
        long gap2 = attempts.get(2).millis() - attempts.get(1).millis();
        assertAll(
                () -> assertEquals(
                        List.of(1, 2, 3), attempts.stream().map(Attempt::n).toList()),
                () -> assertTrue(
                        stepKey.startsWith(executionId + "#"),
                        "the step key is <execution id>#<position>: " + stepKey + ", execution " + executionId),
                () -> assertTrue(
                        result.endsWith(" value=ok:" + key + ":attempt3@" + p.pid()),
                        "the body gets the third attempt's result: " + result),
                () -> assertEquals("ok:" + key + ":attempt3@" + p.pid(), ledger.once("publish", key)),
                () -> assertTrue(
                        gap1 >= 100 && gap1 < 1600, "initialDelay=100ms before attempt 2, waited " + gap1 + " ms"),
                () -> assertTrue(
                        gap2 >= 200 && gap2 < 1700,
                        "100ms x multiplier 2 = 200ms before attempt 3, waited " + gap2 + " ms"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void abortOnRetryOnAndTheDurableMethodsDefault(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "pol";

        ChildProcess p = Apps.durable(jdk, dir, "run", journal, ledger, "recover=manual")
                .main(RetryApp.class, "policies", key)
                .start();
        p.assertExit(0, Apps.EXIT);

        String abort = p.stdoutValue("OUTCOME abortOn ");
        String retryOn = p.stdoutValue("OUTCOME retryOn ");
        String dflt = p.stdoutValue("OUTCOME default ");
        assertAll(
                () -> assertEquals(
                        1,
                        attempts(ledger, key + "-abort").size(),
                        "abortOn = FatalException: no second attempt\n" + ledger.dump()),
                () -> assertEquals(
                        "threw " + FatalException.class.getName() + ": " + key + "-abort refused on attempt 1 in pid "
                                + p.pid(),
                        abort),
                () -> assertEquals(
                        2,
                        attempts(ledger, key + "-picky").size(),
                        "retryOn = TransientException: its subclass SlowDownException is retried, then the "
                                + "OtherException of attempt 2 is not\n" + ledger.dump()),
                () -> assertEquals(
                        1,
                        attempts(ledger, key + "-unlisted").size(),
                        "retryOn = TransientException: an OtherException is not retried\n" + ledger.dump()),
                () -> assertEquals(
                        "threw " + OtherException.class.getName() + ": " + key
                                + "-picky other failure on attempt 2 in pid " + p.pid() + " | threw "
                                + OtherException.class.getName() + ": " + key
                                + "-unlisted other failure on attempt 1 in pid "
                                + p.pid(),
                        retryOn),
                () -> assertEquals(
                        2,
                        attempts(ledger, key + "-default-plain").size(),
                        "@Retry(maxAttempts=2) on the @Durable method is the default of its unannotated callee\n"
                                + ledger.dump()),
                () -> assertEquals(
                        4,
                        attempts(ledger, key + "-default-class").size(),
                        "the callee's class-level @Retry(maxAttempts=4) wins over the durable method's default\n"
                                + ledger.dump()),
                () -> assertEquals(
                        "ok:" + key + "-default-plain:attempt2@" + p.pid() + " | ok:" + key + "-default-class:attempt4@"
                                + p.pid(),
                        dflt),
                () -> {
                    for (String op : List.of("-abort", "-picky", "-unlisted", "-default-plain", "-default-class")) {
                        oneStepKey(attempts(ledger, key + op), op);
                    }
                });
    }

    /**
     * Every attempt fails: the body catches the third attempt's exception and then blocks in an outside
     * call; the process is killed there. The restarted process replays: the callee is not called again,
     * and the body is given the very exception the first process saw (class, message with its pid).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void exhaustedAttemptsThrowTheLastExceptionToTheBodyAndReplayIt(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "broken-1";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger, "recover=manual")
                .blockAt("gate:after-broken:" + key)
                .main(RetryApp.class, "exhausted", key)
                .start();
        first.awaitStdout("^BLOCKED gate:after-broken:" + key + "$", Apps.WAIT);
        first.kill();
        List<Attempt> before = attempts(ledger, key);
        assertEquals(3, before.size(), "three attempts before the body went on\n" + ledger.dump());

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger, "recover=manual")
                .main(RetryApp.class, "exhausted", key)
                .start();
        second.assertExit(0, Apps.EXIT);

        String expected = "threw " + TransientException.class.getName() + ": " + key + " broken on attempt 3 in pid "
                + first.pid();
        assertAll(
                () -> assertEquals(
                        before,
                        attempts(ledger, key),
                        "the restarted process does not call the exhausted callee again\n" + ledger.dump()),
                () -> assertEquals(
                        expected,
                        second.stdoutValue("RESULT "),
                        "the body is given the last exception, replayed identically after the restart"),
                () -> assertEquals(expected, ledger.once("publish", key)),
                () -> oneStepKey(before, "the broken call"));
    }

    /**
     * No annotation anywhere: {@code retry=dev.lazarus.it.apps.failures.ThirdPartyApi#call:4/100ms/1s/2}
     * gives that method 4 attempts; the class's other method and another unannotated class are not retried.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void retryAgentOptionForAClassWithoutAnnotations(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "opt";

        ChildProcess p = Apps.durable(
                        jdk,
                        dir,
                        "run",
                        journal,
                        ledger,
                        "recover=manual",
                        "retry=dev.lazarus.it.apps.failures.ThirdPartyApi#call:4/100ms/1s/2")
                .main(RetryApp.class, "override", key)
                .start();
        p.assertExit(0, Apps.EXIT);

        List<Attempt> third = attempts(ledger, key + "-third");
        String t = TransientException.class.getName();
        assertAll(
                () -> assertEquals(
                        4, third.size(), "retry=...#call:4/...: three failures, then the success\n" + ledger.dump()),
                () -> assertEquals(
                        1,
                        attempts(ledger, key + "-other").size(),
                        "ThirdPartyApi#other is not named by the option: not retried\n" + ledger.dump()),
                () -> assertEquals(
                        1,
                        attempts(ledger, key + "-plain").size(),
                        "without @Retry or an option nothing is retried\n" + ledger.dump()),
                () -> assertEquals(
                        "returned ok:" + key + "-third:attempt4@" + p.pid() + " | threw " + t + ": " + key
                                + "-other failed on attempt 1 in pid " + p.pid() + " | threw " + t + ": " + key
                                + "-plain failed on attempt 1 in pid " + p.pid(),
                        p.stdoutValue("RESULT ")),
                () -> oneStepKey(third, "the third-party call"),
                () -> {
                    long gap = third.get(3).millis() - third.get(2).millis();
                    assertTrue(gap >= 400 && gap < 2400, "100ms x 2^2 = 400ms before attempt 4, waited " + gap + " ms");
                });
    }
}
