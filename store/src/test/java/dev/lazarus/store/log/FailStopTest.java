package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.reopen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.LogTestSupport.FaultyOpener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailStopTest {
    @TempDir
    Path tmp;

    private static void assertStopped(JournalException e, Path dir) {
        assertEquals("LAZ-104", e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("the journal at " + dir + " stopped after an I/O error"), e.getMessage());
        assertTrue(e.getMessage().contains("the process must restart"), e.getMessage());
    }

    @Test
    void failedSyncStopsTheJournalAndIsNeverRetried() {
        AtomicInteger forcesAfterFailure = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        FaultyOpener opener = new FaultyOpener() {
            @Override
            void beforeForce(int n, boolean metadata) throws IOException {
                if (failed.get()) {
                    forcesAfterFailure.incrementAndGet(); // a retry, or any sync after the failure
                } else if (!metadata && dataForces.get() == 3) {
                    failed.set(true);
                    throw new IOException("Input/output error");
                }
            }
        };
        Path dir = tmp.resolve("j");
        JournalLog log = JournalLog.open(dir, LogOptions.defaults().withFileOpener(opener), new Collector());
        try {
            log.append((byte) 1, bytes("one"));
            log.append((byte) 1, bytes("two"));
            JournalException e = assertThrows(JournalException.class, () -> log.append((byte) 1, bytes("three")));
            assertStopped(e, dir);
            assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
            int forces = opener.forces.get();
            for (int i = 0; i < 3; i++) {
                assertStopped(assertThrows(JournalException.class, () -> log.append((byte) 1, bytes("later"))), dir);
            }
            assertEquals(forces, opener.forces.get(), "no retry of the failed sync");
            log.close(); // does not throw the old failure again, and does not sync
            assertEquals(forces, opener.forces.get(), "close does not retry the failed sync");
            assertEquals(0, forcesAfterFailure.get(), "no sync at all after the failed one");
        } finally {
            log.close();
        }
        List<String> after = reopen(dir).texts();
        assertEquals(List.of("one", "two"), after.subList(0, 2));
    }

    @Test
    void everyPendingAppendFailsWhenTheSyncFails() throws Exception {
        CountDownLatch syncStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forcesAfterFailure = new AtomicInteger();
        FaultyOpener opener = new FaultyOpener() {
            @Override
            void beforeForce(int n, boolean metadata) throws IOException {
                if (syncStarted.getCount() == 0 && release.getCount() == 0) {
                    forcesAfterFailure.incrementAndGet();
                } else if (!metadata && dataForces.get() == 2) {
                    syncStarted.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("Input/output error");
                }
            }
        };
        Path dir = tmp.resolve("j");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults().withFileOpener(opener), new Collector())) {
            log.append((byte) 1, bytes("durable"));
            List<Future<?>> pending = new ArrayList<>();
            pending.add(pool.submit(() -> log.append((byte) 1, bytes("in the failing sync"))));
            assertTrue(syncStarted.await(30, TimeUnit.SECONDS));
            List<Thread> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                CountDownLatch running = new CountDownLatch(1);
                pending.add(pool.submit(() -> {
                    synchronized (waiting) {
                        waiting.add(Thread.currentThread());
                    }
                    running.countDown();
                    return log.append((byte) 1, bytes("queued " + n));
                }));
                running.await();
            }
            // wait until the queued appenders are parked behind the stuck sync
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waiting.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
                assertTrue(System.nanoTime() < deadline, "appenders did not queue");
                Thread.sleep(5);
            }
            release.countDown();
            for (Future<?> f : pending) {
                java.util.concurrent.ExecutionException e =
                        assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
                assertStopped((JournalException) e.getCause(), dir);
            }
            int forces = opener.forces.get();
            assertStopped(assertThrows(JournalException.class, () -> log.append((byte) 1, bytes("x"))), dir);
            assertEquals(forces, opener.forces.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, forcesAfterFailure.get(), "the failed sync was not retried, not even by close");
    }

    @Test
    void diskFullWhileWritingSaysSo() {
        FaultyOpener opener = new FaultyOpener() {
            @Override
            void beforeWrite(int n) throws IOException {
                if (n == 3) { // 1: the first segment's header, 2: the first record
                    throw new IOException("No space left on device");
                }
            }
        };
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults().withFileOpener(opener), new Collector())) {
            log.append((byte) 1, bytes("fits"));
            JournalException e = assertThrows(JournalException.class, () -> log.append((byte) 1, bytes("does not")));
            assertEquals("LAZ-104", e.code());
            assertTrue(
                    e.getMessage().contains("disk full writing " + dir.resolve(SegmentFormat.segmentName(1))),
                    e.getMessage());
            assertTrue(e.getMessage().contains("must restart"), e.getMessage());
            assertEquals(
                    "LAZ-104",
                    assertThrows(JournalException.class, () -> log.append((byte) 1, bytes("x")))
                            .code());
        }
        assertEquals(List.of("fits"), reopen(dir).texts());
    }

    @Test
    void failureWhileRollingOverStopsTheJournal() {
        FaultyOpener opener = new FaultyOpener() {
            @Override
            void beforeCreate(int n, Path file) throws IOException {
                if (n == 2) { // 1: the first segment, at open
                    throw new IOException("Input/output error");
                }
            }
        };
        Path dir = tmp.resolve("j");
        List<String> written = new ArrayList<>();
        JournalException failed = null;
        try (JournalLog log = JournalLog.open(dir, LogTestSupport.small().withFileOpener(opener), new Collector())) {
            for (int i = 0; i < 100 && failed == null; i++) {
                try {
                    log.append((byte) 1, new byte[50]);
                    written.add("");
                } catch (JournalException e) {
                    failed = e;
                }
            }
            assertTrue(failed != null, "rolling over must fail");
            assertStopped(failed, dir);
            assertTrue(
                    failed.getMessage().contains("creating " + dir.resolve(SegmentFormat.segmentName(2))),
                    failed.getMessage());
            assertStopped(assertThrows(JournalException.class, () -> log.append((byte) 1, new byte[1])), dir);
        }
        assertEquals(written.size(), reopen(dir).records.size());
    }

    @Test
    void failedSyncWhileClosingIsReported() {
        FaultyOpener opener = new FaultyOpener() {
            @Override
            void beforeForce(int n, boolean metadata) throws IOException {
                if (!metadata) {
                    throw new IOException("Input/output error");
                }
            }
        };
        Path dir = tmp.resolve("j");
        JournalLog log = JournalLog.open(
                dir,
                LogOptions.defaults()
                        .withDurability(Durability.ASYNC)
                        .withSyncInterval(java.time.Duration.ofHours(1))
                        .withFileOpener(opener),
                new Collector());
        log.append((byte) 1, bytes("async"));
        assertStopped(assertThrows(JournalException.class, log::close), dir);
        // the lock was released anyway
        reopen(dir);
    }
}
