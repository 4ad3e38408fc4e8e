package dev.lazarus.bench.peers;

import dev.lazarus.bench.apps.Out;
import java.io.File;
import java.util.concurrent.ConcurrentMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * Figure 7: MapDB 3.1.0 (the store the journal replaced: docs/SPEC.md §7.8) writing the same records, keyed
 * by sequence number, with {@code transactionEnable()} (its write-ahead log, synced on commit).
 *
 * <p>{@code MapDbBaseline DIR RECORDS BATCH BATCHES RECORD_BYTES}: RECORDS records with a commit each
 * (latency of put + commit per record), then BATCHES batches of BATCH records with one commit per batch
 * (cost per record).
 */
public final class MapDbBaseline {
    private MapDbBaseline() {}

    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        int records = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int batches = Integer.parseInt(args[3]);
        int size = Integer.parseInt(args[4]);
        dir.mkdirs();
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = (byte) i;
        }
        try (DB db =
                DBMaker.fileDB(new File(dir, "mapdb.db")).transactionEnable().make()) {
            ConcurrentMap<Long, byte[]> log =
                    db.treeMap("log", Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen();
            long key = 0;
            int warm = Math.max(20, records / 10);
            for (int i = 0; i < warm; i++) {
                log.put(key++, value);
                db.commit();
            }
            long[] lat = new long[records];
            long t0 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                long a = System.nanoTime();
                log.put(key++, value);
                db.commit();
                lat[i] = System.nanoTime() - a;
            }
            long perRecordTotal = System.nanoTime() - t0;
            Out.percentiles("commit_per_record", lat, records);
            Out.result("commit_per_record.total_per_record_us", Out.fmt(perRecordTotal / 1000.0 / records));
            long[] blat = new long[batches];
            long t1 = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                long a = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    log.put(key++, value);
                }
                db.commit();
                blat[b] = System.nanoTime() - a;
            }
            long batchTotal = System.nanoTime() - t1;
            Out.percentiles("commit_per_batch", blat, batches);
            Out.result("commit_per_batch.batch", batch);
            Out.result("commit_per_batch.per_record_us", Out.fmt(batchTotal / 1000.0 / batches / batch));
            Out.result("records_per_s_batched", Out.fmt(batches * (double) batch / (batchTotal / 1e9)));
        }
    }
}
