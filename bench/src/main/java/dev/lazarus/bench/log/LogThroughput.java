package dev.lazarus.bench.log;

import dev.lazarus.bench.apps.Floor;
import dev.lazarus.bench.apps.Out;
import dev.lazarus.bench.apps.ProcessCounters;
import dev.lazarus.store.log.Durability;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * The journal alone, without the agent: T threads appending records of the size a journaled call writes,
 * in one durability mode, counting appends, and (through {@link CountingOpener}) the journal's writes and
 * syncs exactly. Thread 0 also stamps every append, for the latency of one append. Separates what the log
 * costs from what the engine around it costs.
 *
 * <p>{@code LogThroughput DIR DURABILITY THREADS RECORD_BYTES WARM_MS MEASURE_MS [FLOOR_DIR FLOOR_OPS]}: with the last
 * two, the disk's floor (256-byte appends, with fdatasync in {@code fsync} mode, without otherwise) is measured
 * in FLOOR_DIR right before the journal opens and right after it closes ({@code floor.*}).
 */
public final class LogThroughput {
    private static volatile boolean stop;
    private static volatile boolean measuring;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.valueOf(args[1].toUpperCase(java.util.Locale.ROOT));
        int threads = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        long warmMs = Long.parseLong(args[4]);
        long measureMs = Long.parseLong(args[5]);
        Path floorDir = args.length > 7 ? Path.of(args[6]) : null;
        int floorOps = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        boolean floorSync = durability == Durability.FSYNC;
        long[] before = floorDir == null ? new long[0] : Floor.measure(floorDir, floorSync, floorOps);
        CountingOpener opener = new CountingOpener();
        JournalLog log = JournalLog.open(
                dir,
                LogOptions.defaults().withDurability(durability).withFileOpener(opener),
                (lsn, type, payload) -> {});
        LongAdder appends = new LongAdder();
        long[] lat = new long[4_000_000];
        int[] latCount = new int[1];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            boolean stamping = t == 0;
            ts[t] = new Thread(
                    () -> {
                        byte[] payload = new byte[size];
                        int n = 0;
                        while (!stop) {
                            long a = System.nanoTime();
                            log.append((byte) 1, payload);
                            if (stamping && measuring && n < lat.length) {
                                lat[n++] = System.nanoTime() - a;
                            }
                            appends.increment();
                        }
                        if (stamping) {
                            latCount[0] = n;
                        }
                    },
                    "append-" + t);
            ts[t].setDaemon(true);
            ts[t].start();
        }
        Thread.sleep(warmMs);
        long a0 = appends.sum();
        long w0 = opener.writes.get();
        long f0 = opener.forces.get();
        long b0 = opener.bytes.get();
        ProcessCounters p0 = ProcessCounters.now();
        measuring = true;
        Thread.sleep(measureMs);
        measuring = false;
        long a1 = appends.sum();
        long w1 = opener.writes.get();
        long f1 = opener.forces.get();
        long b1 = opener.bytes.get();
        ProcessCounters p1 = ProcessCounters.now();
        stop = true;
        for (Thread t : ts) {
            t.join(60_000);
        }
        log.close();
        if (floorDir != null) {
            Floor.report(before, Floor.measure(floorDir, floorSync, floorOps));
        }
        double s = p0.secondsTo(p1);
        long n = a1 - a0;
        Out.result("appends_per_s", Out.fmt(n / s));
        Out.result("writes", w1 - w0);
        Out.result("syncs", f1 - f0);
        if (f1 > f0) {
            Out.result("records_per_sync", Out.fmt((double) n / (f1 - f0)));
        }
        if (w1 > w0) {
            Out.result("records_per_write", Out.fmt((double) n / (w1 - w0)));
            Out.result("bytes_per_record", Out.fmt((double) (b1 - b0) / n));
        }
        p0.reportPer("append", p1, n);
        if (latCount[0] > 1) {
            Out.percentiles("append", lat, latCount[0]);
        }
    }
}
