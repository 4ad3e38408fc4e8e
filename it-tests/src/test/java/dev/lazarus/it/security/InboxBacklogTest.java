package dev.lazarus.it.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.waits.WaitApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog in the inbox does not hold the application back (docs/SPEC.md §7.6): 20,000 events queued while the
 * application was down (as {@code send-event} leaves them: one JSON file each, here written straight into the inbox
 * in that format), one of them the approval an unfinished execution waits for. Start-up ingests for a bounded time
 * (1 s) and leaves the rest to the poller, and records events in batches with one sync each: before the change each
 * file cost a sync before {@code main}, 15 to 24 s for this backlog. Measured from outside as the time from starting
 * the JVM to its first line, against the same on an empty journal started just before: the difference must stay
 * within the bound plus a margin for a loaded machine (3 s), which a sync per file exceeds several times over. (Whether
 * the bound itself is reached depends on the disk: how fast files are read and deleted; {@code InboxTest} checks it,
 * and figure 14 of the benchmark report measures it.)
 * Then every event is taken (the inbox empties, none set aside) and the waiting execution gets its approval, once.
 */
@ExtendWith(ChildJvms.class)
class InboxBacklogTest {
    private static final Jdk JDK = Jdk.find(17);
    private static final int EVENTS = 20_000;
    private static final long BOUND_MILLIS = 1_000;
    private static final long MARGIN_MILLIS = 3_000;

    @Test
    void twentyThousandQueuedEventsDoNotDelayMainBeyondTheBound(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "backlog-1";
        ChildProcess waiting = Apps.durable(JDK, dir, "wait", journal, ledger)
                .main(WaitApp.class, "approval", key, "600000")
                .start();
        waiting.awaitStdout("^AT gate:waiting:" + key + "$", Apps.WAIT);
        waiting.kill();

        Path inbox = journal.resolve("inbox");
        Files.createDirectories(inbox);
        long now = System.currentTimeMillis();
        for (int i = 0; i < EVENTS - 1; i++) {
            event(inbox, String.format("ev-%05d", i), "note", "n-" + i, "\"queued " + i + "\"", now);
        }
        // the last one written, the one an execution waits for
        event(inbox, "ev-approval", "approval", key, "{\"approved\":true,\"comment\":\"from the backlog\"}", now);

        long control = toFirstLine(Apps.durable(JDK, dir, "control", dir.resolve("empty-journal"), ledger)
                .main(WaitApp.class, "outside", "nobody", "1"));
        long t0 = System.nanoTime();
        ChildProcess resumed = Apps.durable(JDK, dir, "resume", journal, ledger)
                .blockAt("published:" + key)
                .main(WaitApp.class, "await-publish-then-gate", key)
                .start();
        resumed.awaitStdout("^START ", Apps.WAIT);
        long backlog = (System.nanoTime() - t0) / 1_000_000;
        resumed.awaitStdout("^BLOCKED published:" + key + "$", Apps.WAIT);
        // the files of recorded events are deleted last, by the poller in the background: wait for it while the
        // application runs
        long until = System.nanoTime() + Apps.WAIT.toNanos();
        while (jsonFilesIn(inbox) > 0 && System.nanoTime() < until) {
            sleep(100);
        }
        resumed.kill();

        System.out.println("InboxBacklogTest: JVM start to main " + backlog + " ms with " + EVENTS + " queued events, "
                + control + " ms on an empty journal");
        List<String> left;
        try (Stream<Path> files = Files.list(inbox)) {
            left = files.map(p -> p.getFileName().toString()).limit(5).toList();
        }
        assertAll(
                () -> assertTrue(
                        backlog - control <= BOUND_MILLIS + MARGIN_MILLIS,
                        "JVM start to main: " + backlog + " ms with " + EVENTS + " queued events, " + control
                                + " ms on an empty journal"),
                () -> assertEquals(List.of(), left, "every inbox file was taken"),
                () -> assertEquals(1, ledger.find("publish").size(), ledger.dump()),
                () -> assertTrue(
                        ledger.find("publish").get(0).value().contains("approved:from the backlog"), ledger.dump()));
    }

    private static long jsonFilesIn(Path inbox) throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .count();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void event(Path inbox, String id, String name, String key, String payloadJson, long sentAt)
            throws IOException {
        String json = "{\"name\":\"" + name + "\",\"key\":\"" + key + "\",\"payload\":" + payloadJson + ",\"sentAt\":"
                + sentAt + "}";
        Files.writeString(inbox.resolve(id + ".json"), json, StandardCharsets.UTF_8);
    }

    /** @return milliseconds from starting the JVM to its first line ({@code START pid=...}); waits for its exit */
    private static long toFirstLine(dev.lazarus.it.harness.ChildJvm jvm) {
        long t0 = System.nanoTime();
        ChildProcess p = jvm.start();
        p.awaitStdout("^START ", Apps.WAIT);
        long took = (System.nanoTime() - t0) / 1_000_000;
        p.assertExit(0, Apps.EXIT);
        return took;
    }
}
