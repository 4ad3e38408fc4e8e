package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.reopen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.LogTestSupport.FaultyOpener;
import dev.lazarus.store.log.LogTestSupport.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentAppendTest {
    private static final int THREADS = 16;
    private static final int PER_THREAD = 40;

    @TempDir
    Path tmp;

    /** Each thread appends its own numbered records and remembers the lsns it got. */
    private static long[][] appendFromThreads(JournalLog log) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    long[] lsns = new long[PER_THREAD];
                    for (int i = 0; i < PER_THREAD; i++) {
                        ByteBuffer p = ByteBuffer.allocate(8).putInt(thread).putInt(i);
                        lsns[i] = log.append((byte) thread, p.array());
                    }
                    return lsns;
                }));
            }
            start.countDown();
            long[][] out = new long[THREADS][];
            for (int t = 0; t < THREADS; t++) {
                out[t] = futures.get(t).get(60, TimeUnit.SECONDS);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyAppenderGetsItsLsnAndAllComeBackInOrder() throws Exception {
        Path dir = tmp.resolve("j");
        long[][] lsns;
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults().withSegmentSize(4096), new Collector())) {
            lsns = appendFromThreads(log);
        }
        List<Rec> recs = reopen(dir).records;
        assertEquals(THREADS * PER_THREAD, recs.size());
        Map<Long, Rec> byLsn = new HashMap<>();
        for (int i = 0; i < recs.size(); i++) {
            assertEquals(i + 1, recs.get(i).lsn(), "records come back in lsn order without gaps");
            byLsn.put(recs.get(i).lsn(), recs.get(i));
        }
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++) {
                Rec r = byLsn.get(lsns[t][i]);
                ByteBuffer p = ByteBuffer.wrap(r.payload());
                assertEquals(t, p.getInt(), "the lsn a thread got is the lsn of its own record");
                assertEquals(i, p.getInt());
                assertEquals((byte) t, r.type());
                if (i > 0) {
                    assertTrue(lsns[t][i] > lsns[t][i - 1], "one thread's appends are ordered");
                }
            }
        }
    }

    @Test
    void concurrentAppendersShareSyncs() throws Exception {
        // A slow disk (1 ms per sync) makes the effect plain; without group commit there would be one
        // fdatasync per record no matter how slow it is.
        FaultyOpener opener = new FaultyOpener() {
            @Override
            void beforeForce(int n, boolean metadata) throws IOException {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults().withFileOpener(opener), new Collector())) {
            appendFromThreads(log);
        }
        int records = THREADS * PER_THREAD;
        int syncs = opener.dataForces.get();
        assertTrue(syncs > 0);
        assertTrue(syncs < records, "group commit: " + syncs + " syncs for " + records + " records");
        assertTrue(opener.writes.get() < records, "group commit: " + opener.writes.get() + " writes for " + records);
        assertEquals(records, reopen(dir).records.size());
    }
}
