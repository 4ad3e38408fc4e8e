package dev.lazarus.it.waits;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.waits.WaitApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events inside one process, docs/SPEC.md §5.2 ({@code Lazarus.sendEvent} / {@code Lazarus.awaitEvent}), on JDK 17
 * and 25, asserted on the ledger ({@code received <id> -> <payload>} is the application acting on what it got):
 * <ul>
 *   <li>an event sent from another thread releases the execution waiting for it;</li>
 *   <li>an event sent before anyone waits is kept and consumed by the next wait;</li>
 *   <li>two executions waiting on the same (name, key) consume one event each: two events release both, and
 *       each payload is acted on once;</li>
 *   <li>an event sent inside an execution is journaled: the process is killed after the send, the restarted
 *       process replays the execution, and the receiver gets the event once.</li>
 * </ul>
 */
@ExtendWith(ChildJvms.class)
class EventsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void anEventFromAnotherThreadReleasesTheWaiter(Jdk jdk, @TempDir Path dir) {
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess app = Apps.durable(jdk, dir, "app", dir.resolve("journal"), ledger)
                .main(WaitApp.class, "other-thread", "thread-1", "1500")
                .start();
        app.assertExit(0, Apps.EXIT);
        assertAll(
                () -> assertEquals("from-thread", app.stdoutValue("RESULT "), app.describe()),
                () -> assertEquals("from-thread", ledger.once("received", "thread-1")),
                () -> assertTrue(app.stdout().indexOf("AT gate:waiting:thread-1") >= 0, app.describe()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void anEventSentBeforeTheWaitIsConsumed(Jdk jdk, @TempDir Path dir) {
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess app = Apps.durable(jdk, dir, "app", dir.resolve("journal"), ledger)
                .main(WaitApp.class, "send-first", "early-1")
                .start();
        app.assertExit(0, Apps.EXIT);
        long elapsed = Long.parseLong(app.stdoutValue("ELAPSED "));
        assertAll(
                () -> assertEquals("early", app.stdoutValue("RESULT "), app.describe()),
                () -> assertEquals("early", ledger.once("received", "early-1")),
                () -> assertTrue(
                        elapsed < 10_000,
                        "the waiter should have found the event at once, not after its" + " 20 s timeout: " + elapsed
                                + " ms"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void twoWaitersOnTheSameEventEachConsumeOne(Jdk jdk, @TempDir Path dir) {
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess app = Apps.durable(jdk, dir, "app", dir.resolve("journal"), ledger)
                .main(WaitApp.class, "two-waiters", "pair")
                .start();
        app.assertExit(0, Apps.EXIT);
        String w1 = ledger.once("received", "pair-w1");
        String w2 = ledger.once("received", "pair-w2");
        assertAll(
                () -> assertEquals(
                        Set.of("p1", "p2"),
                        Set.of(w1, w2),
                        "each waiter should have consumed one of the two events:\n" + ledger.dump()),
                () -> assertEquals(2, ledger.find("received").size(), ledger.dump()),
                () -> assertEquals("w1=" + w1 + " w2=" + w2, app.stdoutValue("RESULT ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void anEventSentInsideAnExecutionIsNotSentAgainOnReplay(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "ping-1";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt("step:" + key + ":2")
                .main(WaitApp.class, "sender", key)
                .start();
        first.awaitStdout("^BLOCKED step:" + key + ":2$", Apps.WAIT);
        first.kill();
        String token = ledger.once("step", key + "/1");

        // The restarted process resumes the sender by itself (its step 1 and its send are replayed), and
        // waits twice for the event: the first wait gets it, the second must time out.
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "receive", key)
                .start();
        second.assertExit(0, Apps.EXIT);
        List<LedgerFile.Entry> received = ledger.find("received", key);
        assertAll(
                () -> assertEquals(1, received.size(), ledger.dump()),
                () -> assertEquals(
                        "ping " + token + "|timeout",
                        received.get(0).value(),
                        "the receiver should have got the event sent before the kill, once"),
                () -> assertEquals(token + "," + ledger.once("step", key + "/2"), ledger.once("publish", key)),
                () -> assertTrue(
                        ledger.once("step", key + "/2").contains("@" + second.pid() + "#"),
                        "step 2 is made by the restarted process"));
    }
}
