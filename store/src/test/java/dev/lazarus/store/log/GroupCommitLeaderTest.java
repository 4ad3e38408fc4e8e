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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Leader/follower group commit: who does the journal's I/O, and why an appender's own thread may do it
 * safely. Judged on the threads the file operations ran on and on what a reopened journal holds.
 */
class GroupCommitLeaderTest {
    @TempDir
    Path tmp;

    /** Records the names of the threads that wrote or synced after the journal was opened. */
    static final class ThreadRecordingOpener extends FaultyOpener {
        final Set<String> ioThreads = ConcurrentHashMap.newKeySet();
        volatile boolean recording;

        @Override
        void beforeWrite(int n) {
            if (recording) {
                ioThreads.add(Thread.currentThread().getName());
            }
        }

        @Override
        void beforeForce(int n, boolean metadata) {
            if (recording) {
                ioThreads.add(Thread.currentThread().getName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Durability.class,
            names = {"FSYNC", "PROCESS"})
    void aLoneAppenderWritesItsOwnRecordWithoutAHandOff(Durability durability) throws Exception {
        ThreadRecordingOpener opener = new ThreadRecordingOpener();
        Path dir = tmp.resolve("j");
        LogOptions options = LogOptions.defaults()
                .withDurability(durability)
                .withFileOpener(opener)
                .withSyncInterval(Duration.ofHours(1)); // no background sync during the test
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (JournalLog log = JournalLog.open(dir, options, new Collector())) {
            opener.recording = true;
            Thread appender = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < 50; i++) {
                                log.append((byte) 1, bytes("r" + i));
                            }
                        } catch (Throwable t) {
                            failed.set(t);
                        }
                    },
                    "the-appender");
            appender.start();
            appender.join();
            opener.recording = false;
        }
        assertEquals(null, failed.get());
        assertEquals(
                Set.of("the-appender"),
                opener.ioThreads,
                "with nobody to share a sync with, the appender writes"
                        + (durability == Durability.FSYNC ? " and syncs" : "")
                        + " its own record; the writer thread is not involved");
        assertEquals(50, reopen(dir).records.size());
    }

    @Test
    void asyncRecordsAreWrittenByTheWriterThread() throws Exception {
        ThreadRecordingOpener opener = new ThreadRecordingOpener();
        Path dir = tmp.resolve("j");
        LogOptions options =
                LogOptions.defaults().withDurability(Durability.ASYNC).withFileOpener(opener);
        try (JournalLog log = JournalLog.open(dir, options, new Collector())) {
            opener.recording = true;
            for (int i = 0; i < 50; i++) {
                log.append((byte) 1, bytes("r" + i));
            }
        }
        assertEquals(Set.of("lazarus-journal-writer"), opener.ioThreads);
        assertEquals(50, reopen(dir).records.size());
    }

    /**
     * Appenders' own threads write and sync, so an interrupt must not reach the file: a
     * {@code FileChannel} would be closed by it and the journal would stop (LAZ-104). Threads append
     * while another interrupts them all the time, and some start with their interrupt flag set.
     */
    @ParameterizedTest
    @EnumSource(
            value = Durability.class,
            names = {"FSYNC", "PROCESS"})
    void interruptsOfAppendingThreadsDoNotStopTheJournal(Durability durability) throws Exception {
        int threads = 4;
        int perThread = 200;
        Path dir = tmp.resolve("j");
        LogOptions options = LogOptions.defaults().withDurability(durability).withSegmentSize(16 * 1024);
        List<Thread> appenders = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicBoolean lostInterrupt = new AtomicBoolean();
        try (JournalLog log = JournalLog.open(dir, options, new Collector())) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                appenders.add(new Thread(
                        () -> {
                            try {
                                for (int i = 0; i < perThread; i++) {
                                    if (i % 10 == 0) {
                                        Thread.currentThread().interrupt();
                                    }
                                    boolean before = Thread.currentThread().isInterrupted();
                                    log.append((byte) 1, bytes(thread + ":" + i));
                                    if (before && !Thread.interrupted()) {
                                        lostInterrupt.set(true);
                                    }
                                    Thread.interrupted(); // start the next append clean, unless interrupted again
                                }
                            } catch (Throwable e) {
                                failed.compareAndSet(null, e);
                            }
                        },
                        "appender-" + t));
            }
            appenders.forEach(Thread::start);
            Thread interrupter = new Thread(
                    () -> {
                        while (appenders.stream().anyMatch(Thread::isAlive)) {
                            appenders.forEach(Thread::interrupt);
                            Thread.onSpinWait();
                        }
                    },
                    "interrupter");
            interrupter.start();
            for (Thread a : appenders) {
                a.join();
            }
            interrupter.join();
        }
        assertEquals(null, failed.get(), "no append failed although its thread was interrupted");
        assertTrue(!lostInterrupt.get(), "an append keeps its thread's interrupt status");
        assertEquals(threads * perThread, reopen(dir).records.size());
    }
}
