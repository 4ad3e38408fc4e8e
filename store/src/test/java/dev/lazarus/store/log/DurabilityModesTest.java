package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.reopen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.LogTestSupport.FaultyOpener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityModesTest {
    private static final Duration LONG = Duration.ofHours(1);

    @TempDir
    Path tmp;

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(5);
        }
    }

    private static int scanCount(Path dir) {
        int[] n = {0};
        JournalLog.scan(dir, (l, t, p) -> n[0]++);
        return n[0];
    }

    @Test
    void processModeWritesBeforeReturningAndSyncsLater() {
        FaultyOpener opener = new FaultyOpener();
        Path dir = tmp.resolve("j");
        List<String> expected = new ArrayList<>();
        try (JournalLog log = JournalLog.open(
                dir,
                LogOptions.defaults()
                        .withDurability(Durability.PROCESS)
                        .withSyncInterval(LONG)
                        .withSegmentSize(4096)
                        .withFileOpener(opener),
                new Collector())) {
            for (int i = 0; i < 100; i++) {
                log.append((byte) 1, bytes("p" + i));
                expected.add("p" + i);
                // written to the OS when append returns: another reader sees it at once
                assertEquals(i + 1, scanCount(dir));
            }
            assertEquals(
                    0,
                    opener.dataForces.get() - rolls(opener),
                    "PROCESS mode does not sync per append (only when a segment is finished)");
        }
        assertTrue(opener.dataForces.get() > 0, "close syncs");
        assertEquals(expected, reopen(dir).texts());
    }

    /** Data syncs that finish a segment before rolling over (PROCESS mode must not leave them unsynced). */
    private static int rolls(FaultyOpener opener) {
        return opener.creates.get() - 1;
    }

    @Test
    void processModeSyncsInTheBackground() throws Exception {
        FaultyOpener opener = new FaultyOpener();
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(
                dir,
                LogOptions.defaults()
                        .withDurability(Durability.PROCESS)
                        .withSyncInterval(Duration.ofMillis(20))
                        .withFileOpener(opener),
                new Collector())) {
            log.append((byte) 1, bytes("x"));
            eventually(() -> opener.dataForces.get() >= 1, "a background sync follows within the interval");
        }
    }

    @Test
    void processModeSyncsWithinTheIntervalUnderSustainedLoad() throws Exception {
        // Slow writes (at least 1 ms each) and many appenders: while the writer wakes one batch's
        // appenders, the first of them already append again, so a next batch is nearly always pending and
        // the writer is seldom idle. The background sync must come anyway: 100 writes take at least 100 ms,
        // ten sync intervals, so at least one sync must have happened by then (no clock involved).
        AtomicInteger syncsAtWrite100 = new AtomicInteger(-1);
        FaultyOpener opener = new FaultyOpener() {
            @Override
            void beforeWrite(int n) {
                if (n == 100) {
                    syncsAtWrite100.set(dataForces.get());
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Path dir = tmp.resolve("j");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        try (JournalLog log = JournalLog.open(
                dir,
                LogOptions.defaults()
                        .withDurability(Durability.PROCESS)
                        .withSyncInterval(Duration.ofMillis(10))
                        .withFileOpener(opener),
                new Collector())) {
            for (int t = 0; t < 32; t++) {
                Thread th = new Thread(() -> {
                    while (!stop.get()) {
                        log.append((byte) 1, bytes("load"));
                    }
                });
                th.start();
                threads.add(th);
            }
            try {
                eventually(() -> syncsAtWrite100.get() >= 0, "100 writes");
            } finally {
                stop.set(true);
                for (Thread th : threads) {
                    th.join();
                }
            }
        }
        assertTrue(syncsAtWrite100.get() >= 1, "no background sync in 100 writes under load");
    }

    @Test
    void asyncModeReturnsAtOnceAndTheRecordsFollow() throws Exception {
        Path dir = tmp.resolve("j");
        List<String> expected = new ArrayList<>();
        try (JournalLog log = JournalLog.open(
                dir, LogOptions.defaults().withDurability(Durability.ASYNC).withSyncInterval(LONG), new Collector())) {
            for (int i = 0; i < 100; i++) {
                assertEquals(i + 1, log.append((byte) 1, bytes("a" + i)));
                expected.add("a" + i);
            }
            assertEquals(0, scanCount(dir), "ASYNC appends return before anything is written");
        }
        assertEquals(expected, reopen(dir).texts(), "close writes and syncs what is pending");
    }

    @Test
    void asyncRecordsAreWrittenWithinTheIntervalWithoutClose() throws Exception {
        FaultyOpener opener = new FaultyOpener();
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(
                dir,
                LogOptions.defaults()
                        .withDurability(Durability.ASYNC)
                        .withSyncInterval(Duration.ofMillis(20))
                        .withFileOpener(opener),
                new Collector())) {
            log.append((byte) 1, bytes("x"));
            log.append((byte) 1, bytes("y"));
            eventually(() -> scanCount(dir) == 2, "ASYNC records follow within the interval");
            eventually(() -> opener.dataForces.get() >= 1, "and are synced");
            log.append((byte) 1, bytes("z")); // and the writer keeps going after an idle period
            eventually(() -> scanCount(dir) == 3, "ASYNC records follow within the interval");
        }
    }
}
