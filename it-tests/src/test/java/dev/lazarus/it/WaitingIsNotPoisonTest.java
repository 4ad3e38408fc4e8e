package dev.lazarus.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.poison.LongWaitsApp;
import dev.lazarus.it.harness.AgentCli;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Waiting is not poison (docs/SPEC.md §4.4): only a process that dies while an execution runs its own code counts
 * towards {@code maxRecoveries}. A restart as such, graceful (SIGTERM, as a deploy stops a service) or not
 * (SIGKILL), while an execution waits for an event, sleeps on a durable timer or is inside a slow journaled call,
 * counts for nothing, however many there are. {@link PoisonExecutionTest} is the other side: an execution that
 * kills the process in its own code every time is still given up.
 */
@ExtendWith(ChildJvms.class)
class WaitingIsNotPoisonTest {
    /** Restarts while the executions wait: half stopped with SIGTERM, half killed with SIGKILL. */
    static final int RESTARTS = 50;
    /** The default {@code maxRecoveries}: the timer must sleep through more kills than this. */
    static final int DEFAULT_MAX_RECOVERIES = 10;
    /**
     * The timer's length: long enough to sleep through most of the restarts (about a second each on a loaded
     * two-core machine), and through more kills than {@link #DEFAULT_MAX_RECOVERIES} however slow they are; the
     * test then waits for what is left of it.
     */
    static final long NAP_MILLIS = 100_000;

    /**
     * The JDK of the long scenario (its 50 child JVMs are the cost of this test): JDK 25 where it is installed, whose
     * recovery threads are virtual threads; the slow call below runs on both.
     */
    static Stream<Jdk> newest() {
        Jdk jdk25 = Jdk.find(25);
        return Stream.of(jdk25.available() ? jdk25 : Jdk.find(17));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("newest")
    void anApprovalAndATimerSurviveFiftyRestartsGracefulAndKilled(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "deploys";
        String approval = key + "-approval";
        String nap = key + "-nap";
        long firstPid = 0;
        boolean napAsleep = true;
        int killsAsleep = 0;
        int restartsAsleep = 0;
        long t0 = System.nanoTime();
        for (int run = 1; run <= RESTARTS; run++) {
            ChildProcess p = Apps.durable(jdk, dir, "run" + run, journal, ledger)
                    .main(LongWaitsApp.class, "waits", key, Long.toString(NAP_MILLIS))
                    .start();
            // back in their waits: each body prints its mark just before it waits, in every process
            p.awaitStdout("^AT awaiting:" + approval + "$", Apps.WAIT);
            if (napAsleep) {
                p.awaitStdout("^AT sleeping:" + nap + "$", Apps.WAIT);
            }
            settle();
            boolean kill = run % 2 == 1;
            if (kill) {
                p.kill();
            } else {
                p.terminate();
            }
            firstPid = run == 1 ? p.pid() : firstPid;
            if (napAsleep && ledger.count("step", nap + "/2") == 0) {
                restartsAsleep++;
                killsAsleep += kill ? 1 : 0;
            } else {
                napAsleep = false; // its time came: it finished, in this process
            }
        }
        System.out.printf(
                "%s: %d restarts in %.1f s; the %d s timer slept through %d of them (%d kills)%n",
                jdk, RESTARTS, (System.nanoTime() - t0) / 1e9, NAP_MILLIS / 1000, restartsAsleep, killsAsleep);
        assertTrue(
                killsAsleep > DEFAULT_MAX_RECOVERIES,
                "the timer should sleep through more than maxRecoveries kills; it slept through " + killsAsleep
                        + " (the restarts were slower than this test assumes)");

        ChildProcess last = Apps.durable(jdk, dir, "last", journal, ledger)
                .main(LongWaitsApp.class, "waits", key, Long.toString(NAP_MILLIS))
                .start();
        last.awaitStdout("^AT awaiting:" + approval + "$", Apps.WAIT);
        AgentCli.sendEvent(jdk, dir, "send", journal, "decision", approval, "\"approved\"")
                .assertExit(0, Apps.WAIT);
        last.assertExit(0, Duration.ofMillis(NAP_MILLIS).plus(Apps.EXIT));

        String a1 = ledger.once("step", approval + "/1");
        String n1 = ledger.once("step", nap + "/1");
        long journaledBy = firstPid;
        assertAll(
                () -> assertEquals(a1 + ",approved", last.stdoutValue("RESULT approval ")),
                () -> assertEquals(a1 + ",approved", ledger.once("publish", approval)),
                () -> assertTrue(a1.contains("@" + journaledBy + "#"), "journaled by the first process: " + a1),
                () -> assertEquals(n1 + "," + ledger.once("step", nap + "/2"), ledger.once("publish", nap)));
    }

    /** Kills during the slow call: more than {@link #MAX_RECOVERIES}, which is set low to keep the test short. */
    static final int KILLS_IN_CALL = 15;

    static final int MAX_RECOVERIES = 3;
    /** How long the slow call takes to answer: every kill lands inside it. */
    static final long CALL_MILLIS = 3_000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aSlowCallKilledInFlightMoreThanMaxRecoveriesTimesStillCompletes(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "slow-1";
        for (int kill = 1; kill <= KILLS_IN_CALL; kill++) {
            ChildProcess p = Apps.durable(jdk, dir, "run" + kill, journal, ledger, "maxRecoveries=" + MAX_RECOVERIES)
                    .main(LongWaitsApp.class, "slow", key, Long.toString(CALL_MILLIS))
                    .start();
            p.awaitStdout("^AT in-call:" + key + "$", Apps.WAIT); // printed by the callee, inside the call
            p.kill();
            assertEquals(kill, ledger.count("slow", key), "one real call per process\n" + ledger.dump());
        }

        ChildProcess last = Apps.durable(jdk, dir, "last", journal, ledger, "maxRecoveries=" + MAX_RECOVERIES)
                .main(LongWaitsApp.class, "slow", key, Long.toString(CALL_MILLIS))
                .start();
        last.assertExit(0, Apps.EXIT);

        String result = "fetched@" + last.pid();
        assertAll(
                () -> assertEquals(result, last.stdoutValue("RESULT slow ")),
                () -> assertEquals(
                        KILLS_IN_CALL + 1,
                        ledger.count("slow", key),
                        "the call's effect happened again only for the killed attempts, then once more\n"
                                + ledger.dump()),
                () -> assertEquals(result, ledger.once("publish", key)));
    }

    /**
     * A margin after the mark a body prints just before it waits, so that the kill finds it in the wait rather
     * than in the few instructions between the print and the wait (own code, which would count).
     */
    private static void settle() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
