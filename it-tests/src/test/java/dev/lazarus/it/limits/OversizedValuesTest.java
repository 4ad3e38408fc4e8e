package dev.lazarus.it.limits;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.limits.OversizedApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.FakeServer;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values over the record limit fail clean (docs/SPEC.md §6.6, issue 15): before, a 70 MiB result made the journal's
 * append refuse the record with a LAZ-106 naming no call site, and the execution stayed RUNNING, its paid call run
 * again at every restart. Now each is one {@code LAZ-106} naming where the value came from, the execution ends
 * {@code FAILED} with it, and a restart (the same key called again) gets the same error without calling anything.
 * Arguments too large are refused before the body runs, so nothing is paid for.
 */
@ExtendWith(ChildJvms.class)
class OversizedValuesTest {
    private static final Jdk JDK = Jdk.find(17);

    private static ChildProcess run(
            Path dir, String name, Path journal, LedgerFile ledger, String mode, String key, String... more) {
        String[] args = new String[2 + more.length];
        args[0] = mode;
        args[1] = key;
        System.arraycopy(more, 0, args, 2, more.length);
        return Apps.durable(JDK, dir, name, journal, ledger)
                .jvmFlag("-Xmx1g")
                .allowStderr("LAZ-106: ")
                .main(OversizedApp.class, args)
                .start()
                .assertExit(0, Apps.EXIT);
    }

    @Test
    void aJournaledCallWhoseResultIsTooLargeRunsOnceAndItsExecutionFails(@TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = run(dir, "first", journal, ledger, "result", "report-1");
        ChildProcess again = run(dir, "again", journal, ledger, "result", "report-1");

        String threw = first.stdoutValue("THREW ");
        assertAll(
                () -> assertTrue(threw.contains("LAZ-106: the result of "), threw),
                () -> assertTrue(threw.contains("Downloads.fetch"), "names the callee: " + threw),
                () -> assertTrue(threw.contains("OversizedApp.java:"), "names the call site: " + threw),
                () -> assertEquals(threw, again.stdoutValue("THREW "), "the restart gets the recorded error"),
                () -> assertEquals(1, ledger.find("fetch").size(), "paid for once: " + ledger.dump()),
                () -> assertEquals(0, ledger.find("publish").size(), ledger.dump()));
    }

    @Test
    void argumentsTooLargeAreRefusedBeforeTheBodyRuns(@TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess app = run(dir, "app", journal, ledger, "argument", "doc-1");
        String threw = app.stdoutValue("THREW ");
        assertAll(
                () -> assertTrue(threw.contains("LAZ-106: the arguments of @Durable "), threw),
                () -> assertTrue(threw.contains("argument"), threw),
                () -> assertEquals(0, ledger.find("argument").size(), "the body never ran: " + ledger.dump()));
    }

    @Test
    void aDurableMethodWhoseOwnResultIsTooLargeFailsAndIsNotRunAgain(@TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess first = run(dir, "first", journal, ledger, "own", "big-1");
        ChildProcess again = run(dir, "again", journal, ledger, "own", "big-1");
        String threw = first.stdoutValue("THREW ");
        assertAll(
                () -> assertTrue(threw.contains("LAZ-106: the result of "), threw),
                () -> assertTrue(threw.contains("marked FAILED"), threw),
                () -> assertEquals(threw, again.stdoutValue("THREW "), "the key answers with the recorded error"),
                () -> assertEquals(1, ledger.find("own").size(), "the body ran once: " + ledger.dump()));
    }

    /**
     * An effect at a boundary: {@code java.net.http} downloads 70 MiB from a server on 127.0.0.1 inside the durable
     * body. The exchange happened and cannot be kept: the body gets LAZ-106 naming the request and the line of the
     * body, the execution fails with it, and a restart answers with the recorded error; the server saw one request.
     */
    @Test
    void anEffectWhoseResponseIsTooLargeHappensOnceAndItsExecutionFails(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String body = "x".repeat(70 << 20);
        try (FakeServer server = FakeServer.start()) {
            server.route("/big", r -> new FakeServer.Response(200, "application/octet-stream", List.of(body)));
            String url = server.baseUrl() + "/big";
            ChildProcess first = run(dir, "first", journal, ledger, "http", "dl-1", url);
            ChildProcess again = run(dir, "again", journal, ledger, "http", "dl-1", url);
            String threw = first.stdoutValue("THREW ");
            assertAll(
                    () -> assertTrue(threw.contains("LAZ-106: the data of the effect "), threw),
                    () -> assertTrue(threw.contains("GET " + url), "names the request: " + threw),
                    () -> assertTrue(threw.contains("OversizedApp.java:"), "names the call site: " + threw),
                    () -> assertTrue(
                            first.stderr().stream().anyMatch(l -> l.contains("LAZ-106: the data of the effect ")),
                            "one line in the log: " + first.describe()),
                    () -> assertTrue(again.stdoutValue("THREW ").contains("LAZ-106"), again.describe()),
                    () -> assertEquals(1, server.requests("/big").size(), "the server saw one request"),
                    () -> assertEquals(0, ledger.find("publish").size(), ledger.dump()));
        }
    }

    /** {@code Lazarus.sendEvent} with a payload over the limit is refused before anything is sent, naming the call. */
    @Test
    void anEventTooLargeIsRefusedBeforeItIsSent(@TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess app = run(dir, "app", journal, ledger, "event", "ev-1");
        String threw = app.stdoutValue("THREW ");
        assertAll(
                () -> assertTrue(threw.contains("LAZ-106: the payload of event document/ev-1 sent at "), threw),
                () -> assertTrue(threw.contains("OversizedApp.java:"), "names the call site: " + threw),
                () -> assertTrue(threw.contains("the event is not sent"), threw),
                () -> assertEquals(0, ledger.find("sent").size(), ledger.dump()));
    }
}
