package dev.lazarus.store.reliability;

import static dev.lazarus.store.reliability.Journals.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.ForwardingLogFile;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogFile;
import dev.lazarus.store.log.LogFileOpener;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.log.LogTestSupport.Collector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full (RELIABILITY.md §4), through the file seam (no root needed, runs everywhere): a file system with a byte
 * quota, where a write that does not fit writes what fits and then fails with {@code ENOSPC}, as write(2) does. For a
 * quota at every size from "the first segment's header does not fit" to "the third roll-over does not fit":
 * <ul>
 *   <li>the append that hit the full disk fails with {@code LAZ-104} saying "disk full" and naming the file, and
 *       so does every later append (fail-stop);</li>
 *   <li>reopening with the disk still full works (the torn batch is cut away, which frees space) and holds every
 *       acknowledged append;</li>
 *   <li>once space is back, appends resume, and a later reopen reads everything back.</li>
 * </ul>
 * The same on a real, small tmpfs: {@link DiskFullRealFsTest} (run by {@code scripts/disk-full.sh}, needs root).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DiskFullTest {
    @TempDir
    Path tmpDir;

    private Path tmp;

    /** tmpfs when there is one: the quota is simulated, the real disk's fsync adds only time. */
    @org.junit.jupiter.api.BeforeEach
    void scratch() throws IOException {
        Path shm = Path.of("/dev/shm");
        tmp = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "lazarus-diskfull")
                : tmpDir;
    }

    @org.junit.jupiter.api.AfterEach
    void cleanUp() {
        if (!tmp.equals(tmpDir)) {
            Journals.deleteTree(tmp);
        }
    }

    /** A file system with a quota shared by all segment files. */
    static final class Quota implements LogFileOpener {
        final AtomicLong used = new AtomicLong();
        volatile long limit;

        Quota(long limit) {
            this.limit = limit;
        }

        @Override
        public LogFile open(Path file, boolean create) throws IOException {
            LogFile f = LogFileOpener.standard().open(file, create);
            if (!create) {
                used.addAndGet(f.size());
            }
            return new ForwardingLogFile(f) {
                @Override
                public long write(ByteBuffer... srcs) throws IOException {
                    long total = 0;
                    for (ByteBuffer b : srcs) {
                        long room = limit - used.get();
                        if (b.remaining() > room) {
                            if (room > 0) {
                                ByteBuffer part = b.duplicate();
                                part.limit(part.position() + (int) room);
                                total += f.write(part);
                                b.position(part.position());
                                used.addAndGet(room);
                            }
                            throw new IOException("No space left on device");
                        }
                        int n = b.remaining();
                        total += f.write(b);
                        used.addAndGet(n);
                    }
                    return total;
                }

                @Override
                public void truncate(long size) throws IOException {
                    used.addAndGet(size - f.size());
                    f.truncate(size);
                }
            };
        }
    }

    @Test
    void fullDiskAtEveryQuotaFailsCleanlyAndResumesWhenSpaceIsBack() throws IOException {
        int scenarios = 0;
        int hitAtOpen = 0;
        int hitAtRoll = 0;
        for (long limit = 0; limit <= 3600; limit += 11) {
            Path dir = tmp.resolve("q-" + limit);
            Quota quota = new Quota(limit);
            List<String> acked = new ArrayList<>();
            JournalException failure = null;
            LogOptions options = LogOptions.defaults().withSegmentSize(1024).withFileOpener(quota);
            JournalLog log;
            try {
                log = JournalLog.open(dir, options, (l, t, p) -> {});
            } catch (JournalException e) {
                // not even the first segment's header fits
                assertEquals("LAZ-101", e.code(), e.getMessage());
                assertTrue(
                        e.getMessage().contains("No space left on device")
                                && e.getMessage().contains("free space"),
                        e.getMessage());
                hitAtOpen++;
                quota.limit = Long.MAX_VALUE;
                assertEquals(List.of(), reopenWith(dir, quota), "limit " + limit);
                scenarios++;
                continue;
            }
            int segmentsBefore = 0;
            for (int i = 0; i < 60 && failure == null; i++) {
                String p = String.format("step-%03d-%s", i, "v".repeat(30));
                segmentsBefore = Journals.segments(dir).size();
                try {
                    log.append((byte) 2, bytes(p));
                    acked.add(p);
                } catch (JournalException e) {
                    failure = e;
                }
            }
            if (failure == null) {
                log.close();
                continue; // the quota was larger than the workload
            }
            scenarios++;
            if (Journals.segments(dir).size() > segmentsBefore) {
                hitAtRoll++;
            }
            assertEquals("LAZ-104", failure.code(), failure.getMessage());
            assertTrue(
                    failure.getMessage().contains("disk full writing " + dir.toAbsolutePath()), failure.getMessage());
            assertTrue(failure.getMessage().contains("free disk space first"), failure.getMessage());
            JournalException later = assertThrows(JournalException.class, () -> log.append((byte) 2, bytes("later")));
            assertEquals("LAZ-104", later.code());
            log.close();

            // restart with the disk still full: it opens, and holds every acknowledged append
            List<String> stillFull = reopenWith(dir, quota);
            assertEquals(acked, stillFull.subList(0, acked.size()), "limit " + limit);
            assertTrue(stillFull.size() <= acked.size() + 1, "at most the failed append, whole: " + stillFull.size());

            // space is back: work resumes
            quota.limit = Long.MAX_VALUE;
            try (JournalLog again = JournalLog.open(dir, options.withFileOpener(quota), (l, t, p) -> {})) {
                for (int i = 0; i < 20; i++) {
                    again.append((byte) 2, bytes("resumed-" + i));
                }
            }
            List<String> all = Journals.reopen(dir);
            assertEquals(stillFull, all.subList(0, stillFull.size()), "limit " + limit);
            assertEquals(stillFull.size() + 20, all.size(), "limit " + limit);
            assertEquals("resumed-19", all.get(all.size() - 1));
        }
        System.out.println("disk full at " + scenarios + " quotas: " + hitAtOpen + " while creating the first segment, "
                + hitAtRoll + " while rolling over, the rest in a batch write");
        assertTrue(hitAtOpen > 0 && hitAtRoll > 0 && scenarios > 250, scenarios + " " + hitAtOpen + " " + hitAtRoll);
    }

    private static List<String> reopenWith(Path dir, Quota quota) {
        Collector c = new Collector();
        JournalLog.open(dir, LogOptions.defaults().withSegmentSize(1024).withFileOpener(quota), c)
                .close();
        return c.texts();
    }

    /** Several appenders waiting in one batch when the disk fills: all of them fail, none is acknowledged wrongly. */
    @Test
    void everyPendingAppendFailsWhenTheDiskFills() throws Exception {
        Path dir = tmp.resolve("conc");
        Quota quota = new Quota(2000);
        List<String> acked = java.util.Collections.synchronizedList(new ArrayList<>());
        List<JournalException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults().withFileOpener(quota), (l, t, p) -> {})) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    // each thread alone writes more than the quota, so every one of them must meet the full disk
                    // (with fewer, a thread that ran first could finish before the disk filled)
                    for (int i = 0; i < 200; i++) {
                        String p = "t" + id + "-" + i + "-" + "w".repeat(20);
                        try {
                            log.append((byte) 1, bytes(p));
                            acked.add(p);
                        } catch (JournalException e) {
                            failures.add(e);
                            return;
                        }
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join(60_000);
            }
        } catch (JournalException closing) {
            // close reports nothing new after a failure; tolerate either way
        }
        assertEquals(6, failures.size(), "every appender saw the failure");
        for (JournalException e : failures) {
            assertEquals("LAZ-104", e.code());
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        }
        quota.limit = Long.MAX_VALUE;
        List<String> back = reopenWith(dir, quota);
        assertTrue(back.containsAll(acked), "acknowledged appends are all there");
        assertEquals(back.size(), new java.util.HashSet<>(back).size());
        assertTrue(Files.size(Journals.segments(dir).get(0)) <= 2000);
    }
}
