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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events from another process (docs/SPEC.md §5.3):
 * {@code java -jar lazarus-agent.jar send-event --journal DIR NAME KEY JSON}, run as its own JVM, on JDK 17 and 25.
 * The durable body ({@code WaitFlows.approval}) makes two outside calls, waits for {@code ("approval", key)} with
 * an {@code Approval(boolean approved, String comment)} payload, makes a third call and publishes.
 * <ul>
 *   <li>killed while waiting; the approval is sent from the command line while no process runs; the restarted
 *       process resumes the execution by itself ({@code recover=auto}) and finishes with the approval, and
 *       the two calls before the wait were made once, by the first process;</li>
 *   <li>sent to a running, waiting process: delivered within a few seconds ("about a second");</li>
 *   <li>malformed JSON (also while no process runs), and JSON that does not fit the awaited type while an
 *       execution waits, are refused with exit code 2 and one line (naming the field for the latter), and are
 *       not delivered; after the tool wrote to the journal of the running process, the journal still opens
 *       and answers the finished execution;</li>
 *   <li>an event consumed before a kill is replayed after the restart, and an event sent while the process
 *       was down is not taken in its place;</li>
 *   <li>JSON binds to the awaited type: String, Integer, Long, Double, Boolean, an enum, a record with a nested
 *       record and a {@code List<String>}, a plain class with fields, List, Map;</li>
 *   <li>{@code awaitEvent} outside any execution consumes an event durably: a restarted process does not get
 *       it again.</li>
 * </ul>
 */
@ExtendWith(ChildJvms.class)
class CliEventsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void killedWhileWaitingApprovedWhileDownFinishesAfterRestart(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "doc-1";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .main(WaitApp.class, "approval", key, "600000")
                .start();
        first.awaitStdout("^AT gate:waiting:" + key + "$", Apps.WAIT);
        Waits.sleep(500);
        first.kill();
        assertEquals(2, ledger.find("step").size(), ledger.dump());

        // while nothing runs: a malformed payload is refused, a good one is kept for the next start
        String malformed = Waits.rejected(
                Waits.sendEvent(jdk, dir, "cli-malformed", journal, "approval", key, "{\"approved\": tru"), 2);
        Waits.sendEventOk(jdk, dir, "cli", journal, "approval", key, "{\"approved\":true,\"comment\":\"ship it\"}");

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "await-publish", key)
                .start();
        second.assertExit(0, Apps.EXIT);

        String s1 = ledger.once("step", key + "/1");
        String s2 = ledger.once("step", key + "/2");
        String s3 = ledger.once("step", key + "/3");
        assertAll(
                () -> assertTrue(malformed.startsWith("lazarus send-event: "), malformed),
                () -> assertEquals(s1 + "," + s2 + ",approved:ship it," + s3, ledger.once("publish", key)),
                () -> assertTrue(
                        s1.contains("@" + first.pid() + "#") && s2.contains("@" + first.pid() + "#"),
                        "the calls before the wait were made by the first process: " + s1 + ", " + s2),
                () -> assertTrue(s3.contains("@" + second.pid() + "#"), "the call after the wait: restarted process"),
                () -> assertEquals(4, ledger.entries().size(), ledger.dump()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void anEventFromTheCommandLineReachesARunningProcess(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "doc-2";

        ChildProcess app = Apps.durable(jdk, dir, "app", journal, ledger)
                .main(WaitApp.class, "approval", key, "600000")
                .start();
        app.awaitStdout("^AT gate:waiting:" + key + "$", Apps.WAIT);
        Waits.sleep(1_000);
        Waits.sendEventOk(
                jdk, dir, "cli", journal, "approval", key, "{\"approved\":false,\"comment\":\"needs a title\"}");
        long sent = System.nanoTime();
        Waits.awaitLedger(ledger, "step", key + "/3", 1, Apps.WAIT, app);
        double latency = Waits.seconds(sent, System.nanoTime());
        System.out.printf(
                "%s: command-line event delivered to the running process %.2f s after the tool exited%n", jdk, latency);
        app.assertExit(0, Apps.EXIT);
        String s1 = ledger.once("step", key + "/1");
        String s2 = ledger.once("step", key + "/2");
        String s3 = ledger.once("step", key + "/3");

        // the journal the tool wrote to while the application ran is intact: asked again, the finished
        // execution (explicit key) answers its recorded result without running
        ChildProcess again = Apps.durable(jdk, dir, "again", journal, ledger)
                .main(WaitApp.class, "approval", key, "600000")
                .start();
        again.assertExit(0, Apps.EXIT);
        assertAll(
                () -> assertEquals(app.stdoutValue("RESULT "), again.stdoutValue("RESULT ")),
                () -> assertEquals(4, ledger.entries().size(), ledger.dump()),
                () -> assertEquals(s1 + "," + s2 + ",rejected:needs a title," + s3, app.stdoutValue("RESULT ")),
                () -> assertEquals(app.stdoutValue("RESULT "), ledger.once("publish", key)),
                () -> assertTrue(
                        latency < 5.0,
                        "delivered " + latency + " s after the tool exited; expected about a" + " second"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void badPayloadsAreRefusedWithOneLine(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "doc-3";

        ChildProcess app = Apps.durable(jdk, dir, "app", journal, ledger)
                .main(WaitApp.class, "approval", key, "600000")
                .start();
        app.awaitStdout("^AT gate:waiting:" + key + "$", Apps.WAIT);
        Waits.sleep(1_000); // the wait (and its type) is journaled by now

        String malformed = Waits.rejected(
                Waits.sendEvent(jdk, dir, "cli-malformed", journal, "approval", key, "{\"approved\":true,\"comment\":"),
                2);
        String wrongType = Waits.rejected(
                Waits.sendEvent(
                        jdk,
                        dir,
                        "cli-wrong-type",
                        journal,
                        "approval",
                        key,
                        "{\"approved\":\"maybe\",\"comment\":\"hmm\"}"),
                2);
        assertTrue(app.isAlive(), "the application is undisturbed\n" + app.describe());
        assertEquals(0, ledger.count("step", key + "/3"), "nothing was delivered:\n" + ledger.dump());

        Waits.sendEventOk(
                jdk, dir, "cli-good", journal, "approval", key, "{\"approved\":true,\"comment\":\"finally\"}");
        app.assertExit(0, Apps.EXIT);
        System.out.println(jdk + ": malformed JSON -> " + malformed);
        System.out.println(jdk + ": wrong type    -> " + wrongType);
        assertAll(
                () -> assertTrue(malformed.startsWith("lazarus send-event: "), malformed),
                () -> assertTrue(wrongType.startsWith("lazarus send-event: "), wrongType),
                () -> assertTrue(
                        wrongType.contains("approved"), "the line should name the field 'approved': " + wrongType),
                () -> assertTrue(
                        app.stdoutValue("RESULT ").contains(",approved:finally,"),
                        "only the good payload was delivered: " + app.stdoutValue("RESULT ")),
                () -> assertEquals(4, ledger.entries().size(), ledger.dump()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aConsumedEventIsReplayedNotConsumedAgain(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "doc-4";

        // the first process consumes a rejection, then dies before its next outside call
        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt("step:" + key + ":3")
                .main(WaitApp.class, "approval", key, "600000")
                .start();
        first.awaitStdout("^AT gate:waiting:" + key + "$", Apps.WAIT);
        Waits.sendEventOk(jdk, dir, "cli-1", journal, "approval", key, "{\"approved\":false,\"comment\":\"first\"}");
        first.awaitStdout("^BLOCKED step:" + key + ":3$", Apps.WAIT);
        first.kill();

        // a second decision arrives while it is down: the replay must still see the first one
        Waits.sendEventOk(jdk, dir, "cli-2", journal, "approval", key, "{\"approved\":true,\"comment\":\"second\"}");
        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "await-publish", key)
                .start();
        second.assertExit(0, Apps.EXIT);
        String s1 = ledger.once("step", key + "/1");
        String s2 = ledger.once("step", key + "/2");
        String s3 = ledger.once("step", key + "/3");
        assertAll(
                () -> assertEquals(
                        s1 + "," + s2 + ",rejected:first," + s3,
                        ledger.once("publish", key),
                        "the replayed wait should return the event it consumed before the kill"),
                () -> assertTrue(s3.contains("@" + second.pid() + "#"), s3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void payloadsBindToTheAwaitedType(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "types-1";
        // as WaitFlows.TYPE_EVENTS (not read from there: initialising WaitFlows needs the child's ledger)
        String[] events = {
            "t-string", "t-int", "t-long", "t-double", "t-bool", "t-enum", "t-record", "t-pojo", "t-list", "t-map"
        };
        String[] json = {
            "\"hello\"",
            "42",
            "9000000000",
            "2.5",
            "true",
            "\"GREEN\"",
            "{\"reviewer\":\"ann\",\"decision\":{\"approved\":true,\"comment\":\"ok\"},\"tags\":[\"a\",\"b\"]}",
            "{\"author\":\"bob\",\"stars\":5}",
            "[\"x\",\"y\"]",
            "{\"k\":\"v\"}"
        };
        String[] expected = {
            "hello:String",
            "42:Integer",
            "9000000000:Long",
            "2.5:Double",
            "true:Boolean",
            "GREEN:Color",
            "Review[reviewer=ann, decision=Approval[approved=true, comment=ok], tags=[a, b]]:Review",
            "Note(bob,5):Note",
            "[x, y]:",
            "{k=v}:"
        };

        ChildProcess app = Apps.durable(jdk, dir, "app", journal, ledger)
                .main(WaitApp.class, "types", key)
                .start();
        for (int i = 0; i < json.length; i++) {
            String event = events[i];
            app.awaitStdout("^AT gate:waiting:" + event + "$", Apps.WAIT);
            Waits.sleep(200);
            Waits.sendEventOk(jdk, dir, "cli-" + event, journal, event, key, json[i]);
        }
        app.assertExit(0, Apps.EXIT);
        String[] got = ledger.once("received", key).split("\\|");
        assertEquals(expected.length, got.length, ledger.dump());
        for (int i = 0; i < expected.length; i++) {
            assertTrue(
                    got[i].startsWith(expected[i]),
                    events[i] + " = " + json[i] + " should bind to " + expected[i] + "..., got " + got[i]);
        }
    }

    /** Outside any execution, {@code awaitEvent} consumes durable events too: once consumed, gone for good. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void awaitOutsideAnExecutionConsumesTheEventDurably(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "plain-1";

        ChildProcess first = Apps.durable(jdk, dir, "first", journal, ledger)
                .blockAt("after-outside:" + key)
                .main(WaitApp.class, "outside", key, "60000")
                .start();
        first.awaitStdout("^START ", Apps.WAIT);
        Waits.sleep(1_000);
        Waits.sendEventOk(jdk, dir, "cli", journal, "note", key, "\"hi\"");
        first.awaitStdout("^BLOCKED after-outside:" + key + "$", Apps.WAIT);
        assertEquals("hi", first.stdoutValue("RESULT "));
        first.kill();

        ChildProcess second = Apps.durable(jdk, dir, "second", journal, ledger)
                .main(WaitApp.class, "outside", key, "3000")
                .start();
        second.assertExit(0, Apps.EXIT);
        assertEquals("timeout", second.stdoutValue("RESULT "), "the event was consumed by the first process");
    }
}
