package dev.lazarus.it.waits;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lazarus.it.apps.waits.WaitApp;
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
 * Time (docs/SPEC.md §5.1, §5.4): deadlines and timers are absolute and journaled, on JDK 17 and 25.
 * <ul>
 *   <li>an {@code awaitEvent} nobody answers returns empty after its timeout, and that empty outcome is
 *       journaled: killed after the timeout, with an event for that wait sent while the process is down, the
 *       restarted process still replays "timeout";</li>
 *   <li>killed 6 s into a 10 s wait ({@code awaitEvent} with no event, {@code Thread.sleep} in the body,
 *       {@code Lazarus.sleep}), the restarted process finishes by itself about 4 s after it was started, not
 *       10 s (asserted: more than 2 s and less than 8 s, a behavioural check, not a performance threshold);</li>
 *   <li>killed twice (3 s and 6 s into a 10 s wait), the third process finishes about 4 s after its start;</li>
 *   <li>a deadline that passed while no process ran times out at once after the restart;</li>
 *   <li>an event sent while no process runs counts if it was sent before the deadline, and is too late (the
 *       wait times out, as it would have in a running process) if it was sent after it.</li>
 * </ul>
 */
@ExtendWith(ChildJvms.class)
class DurableTimersTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aTimeoutReturnsEmptyAndIsJournaled(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "late-1";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt("step:" + key + ":3")
                .main(WaitApp.class, "approval", key, "1500")
                .start();
        first.awaitStdout("^AT gate:waiting:" + key + "$", Apps.WAIT);
        long waiting = System.nanoTime();
        first.awaitStdout("^BLOCKED step:" + key + ":3$", Apps.WAIT);
        double waited = Waits.seconds(waiting, System.nanoTime());
        first.kill();
        assertTrue(waited >= 1.3 && waited < 10, "the 1.5 s timeout took " + waited + " s");

        // too late: the journal says this wait timed out, so the replay must say so too
        Waits.sendEventOk(jdk, dir, "cli", journal, "approval", key, "{\"approved\":true,\"comment\":\"too late\"}");

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "await-publish", key)
                .start();
        second.assertExit(0, Apps.EXIT);
        String s1 = ledger.once("step", key + "/1");
        String s2 = ledger.once("step", key + "/2");
        String s3 = ledger.once("step", key + "/3");
        assertAll(
                () -> assertEquals(
                        s1 + "," + s2 + ",timeout," + s3,
                        ledger.once("publish", key),
                        "the replayed wait should give the journaled timeout, not the late event"),
                () -> assertTrue(s3.contains("@" + second.pid() + "#"), s3));
    }

    static Stream<Arguments> timers() {
        return Jdk.all()
                .flatMap(jdk ->
                        Stream.of("await", "thread-sleep", "lazarus-sleep").map(kind -> arguments(jdk, kind)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("timers")
    void killedSixSecondsIntoATenSecondWaitFinishesAboutFourSecondsAfterRestart(
            Jdk jdk, String kind, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "timer-" + kind;

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .main(WaitApp.class, "timer", key, kind, "10000")
                .start();
        first.awaitStdout("^AT gate:timer:" + key + "$", Apps.WAIT);
        long started = System.nanoTime();
        Waits.sleep(6_000);
        assertEquals(0, ledger.count("step", key + "/2"), "still waiting after 6 s:\n" + ledger.dump());
        first.kill();
        double killedAt = Waits.seconds(started, System.nanoTime());

        long restarted = System.nanoTime();
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "await-publish", key)
                .start();
        Waits.awaitLedger(ledger, "publish", key, 1, Apps.EXIT, second);
        double afterRestart = Waits.seconds(restarted, System.nanoTime());
        second.assertExit(0, Apps.EXIT);
        System.out.printf(
                "%s %s: killed %.2f s into the 10 s wait; finished %.2f s after the restart%n",
                jdk, kind, killedAt, afterRestart);

        String s1 = ledger.once("step", key + "/1");
        String s2 = ledger.once("step", key + "/2");
        assertAll(
                () -> assertTrue(
                        afterRestart > 2.0 && afterRestart < 8.0,
                        "killed " + killedAt + " s into a 10 s "
                                + kind + ", the restarted process finished " + afterRestart
                                + " s after its start; expected about " + (10 - killedAt) + " s"),
                () -> assertEquals(s1 + "," + s2, ledger.once("publish", key)),
                () -> assertTrue(s1.contains("@" + first.pid() + "#"), s1),
                () -> assertTrue(s2.contains("@" + second.pid() + "#"), s2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void killedTwiceTheDeadlineStaysAbsolute(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "twice";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .main(WaitApp.class, "timer", key, "await", "10000")
                .start();
        first.awaitStdout("^AT gate:timer:" + key + "$", Apps.WAIT);
        long started = System.nanoTime();
        Waits.sleep(3_000);
        first.kill();
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "await-publish", key)
                .start();
        Waits.sleep(3_000);
        assertEquals(0, ledger.count("publish", key), "still waiting:\n" + ledger.dump());
        second.kill();
        double killedAt = Waits.seconds(started, System.nanoTime());

        long restarted = System.nanoTime();
        ChildProcess third = Apps.durable(jdk, dir, "third", journal, ledger)
                .main(WaitApp.class, "await-publish", key)
                .start();
        Waits.awaitLedger(ledger, "publish", key, 1, Apps.EXIT, third);
        double afterRestart = Waits.seconds(restarted, System.nanoTime());
        third.assertExit(0, Apps.EXIT);
        System.out.printf(
                "%s: killed twice, last %.2f s into the 10 s wait; finished %.2f s after the second restart%n",
                jdk, killedAt, afterRestart);
        assertAll(
                () -> assertTrue(
                        afterRestart > 2.0 && afterRestart < 8.0,
                        "killed " + killedAt
                                + " s into a 10 s wait (twice), the third process finished " + afterRestart
                                + " s after its start; expected about " + (10 - killedAt) + " s"),
                () -> assertTrue(ledger.once("step", key + "/2").contains("@" + third.pid() + "#")),
                () -> assertEquals(1, ledger.count("step", key + "/1"), ledger.dump()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aDeadlineThatPassedWhileDownTimesOutAtRestart(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "expired";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .main(WaitApp.class, "approval", key, "3000")
                .start();
        first.awaitStdout("^AT gate:waiting:" + key + "$", Apps.WAIT);
        long started = System.nanoTime();
        Waits.sleep(1_000);
        first.kill();
        Waits.sleep(Math.max(0, 4_500 - (System.nanoTime() - started) / 1_000_000));

        long restarted = System.nanoTime();
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "await-publish", key)
                .start();
        second.assertExit(0, Apps.EXIT);
        double afterRestart = Waits.seconds(restarted, System.nanoTime());
        String s1 = ledger.once("step", key + "/1");
        String s2 = ledger.once("step", key + "/2");
        String s3 = ledger.once("step", key + "/3");
        assertAll(
                () -> assertEquals(s1 + "," + s2 + ",timeout," + s3, ledger.once("publish", key)),
                () -> assertTrue(
                        afterRestart < 8.0,
                        "the deadline had passed: the restarted process should time out" + " at once, it took "
                                + afterRestart + " s"));
    }

    /**
     * A decision sent in time, while the process is down, counts: the reviewer answered before the deadline,
     * so the restarted process (started after the deadline) gets the approval, not a timeout.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void anEventSentBeforeTheDeadlineWhileDownIsDelivered(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "in-time";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .main(WaitApp.class, "approval", key, "4000")
                .start();
        first.awaitStdout("^AT gate:waiting:" + key + "$", Apps.WAIT);
        long started = System.nanoTime();
        Waits.sleep(500);
        first.kill();
        Waits.sendEventOk(jdk, dir, "cli", journal, "approval", key, "{\"approved\":true,\"comment\":\"in time\"}");
        double sentAt = Waits.seconds(started, System.nanoTime());
        assertTrue(sentAt < 3.5, "the event should have been sent before the 4 s deadline, was at " + sentAt + " s");
        Waits.sleep(Math.max(0, 5_000 - (System.nanoTime() - started) / 1_000_000));

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "await-publish", key)
                .start();
        second.assertExit(0, Apps.EXIT);
        String published = ledger.once("publish", key);
        assertTrue(
                published.contains(",approved:in time,"),
                "the approval was sent " + sentAt + " s into a 4 s wait"
                        + " (while the process was down) and should win over the deadline that passed before the restart: "
                        + published);
    }

    /**
     * The other side of the previous case: a decision sent after the deadline, while the process is down, is
     * too late. Had the process been running, the wait would have timed out at the deadline and the event would
     * have stayed queued for the next wait; a restart must give the same outcome, not the late event.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void anEventSentAfterTheDeadlineWhileDownIsTooLate(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "too-late";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .main(WaitApp.class, "approval", key, "2000")
                .start();
        first.awaitStdout("^AT gate:waiting:" + key + "$", Apps.WAIT);
        long started = System.nanoTime();
        Waits.sleep(500);
        first.kill();
        Waits.sleep(Math.max(0, 3_000 - (System.nanoTime() - started) / 1_000_000));
        Waits.sendEventOk(jdk, dir, "cli", journal, "approval", key, "{\"approved\":true,\"comment\":\"too late\"}");

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "await-publish", key)
                .start();
        second.assertExit(0, Apps.EXIT);
        String published = ledger.once("publish", key);
        assertTrue(
                published.contains(",timeout,"),
                "the approval was sent 3 s into a 2 s wait (while the process was"
                        + " down): the restarted process should time out as a running one would have, not take it: "
                        + published);
    }
}
