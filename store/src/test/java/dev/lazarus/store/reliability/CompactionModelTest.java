package dev.lazarus.store.reliability;

import static dev.lazarus.store.reliability.Journals.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.CompactionResult;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.LogTestSupport.Rec;
import dev.lazarus.store.log.SegmentInfo;
import dev.lazarus.store.log.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random histories against a model: appends of random sizes (many roll-overs), compactions of random runs of
 * sealed segments with random keep filters, reopens (from lsn 0 or from a random lsn) and reads, in random
 * order. After every step the journal holds exactly what the model says, by {@code read(lsn)} of random lsns,
 * by {@code scanFrom}, and after a reopen by the open's own scan and a read-only scan; its segments cover
 * contiguous lsn ranges from lsn 1. The seed is printed and can be set with {@code -Dlazarus.reliability.seed}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CompactionModelTest {
    private static final LogOptions SMALL = LogOptions.defaults().withSegmentSize(1024);

    @TempDir
    Path tmp;

    @Test
    void randomHistoriesMatchTheModel() {
        long seed = Long.getLong("lazarus.reliability.seed", System.nanoTime());
        System.out.println("CompactionModelTest seed " + seed);
        for (int history = 0; history < 6; history++) {
            try {
                run(new Random(seed + history), tmp.resolve("h" + history));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " history " + history + ": " + e.getMessage(), e);
            }
        }
    }

    private static String text(long lsn, int size) {
        return lsn + ":" + "m".repeat(size);
    }

    private void run(Random random, Path dir) {
        TreeMap<Long, String> model = new TreeMap<>();
        JournalLog log = JournalLog.open(dir, SMALL, (l, t, p) -> {});
        int compactions = 0;
        try {
            for (int step = 0; step < 120; step++) {
                int action = random.nextInt(10);
                if (action < 5) {
                    int n = 1 + random.nextInt(12);
                    for (int i = 0; i < n; i++) {
                        long lsn = log.lastLsn() + 1;
                        String t = text(lsn, random.nextInt(random.nextInt(10) == 0 ? 3000 : 150));
                        assertEquals(lsn, log.append((byte) (lsn % 7), bytes(t)));
                        model.put(lsn, t);
                    }
                } else if (action < 8) {
                    List<SegmentInfo> segs = log.segments();
                    if (segs.size() < 2) {
                        continue;
                    }
                    int a = random.nextInt(segs.size() - 1);
                    int b = Math.min(segs.size() - 2, a + random.nextInt(4));
                    List<Long> run = segs.subList(a, b + 1).stream()
                            .map(SegmentInfo::number)
                            .toList();
                    long first = segs.get(a).firstLsn();
                    long last = segs.get(b).lastLsn();
                    int mod = 1 + random.nextInt(5);
                    int rest = random.nextInt(mod);
                    CompactionResult r = log.compact(run, (lsn, type, payload) -> {
                        assertEquals(model.get(lsn), new String(payload, StandardCharsets.UTF_8));
                        assertEquals((byte) (lsn % 7), type);
                        return lsn % mod == rest;
                    });
                    int before = model.size();
                    model.entrySet()
                            .removeIf(e -> e.getKey() >= first && e.getKey() <= last && e.getKey() % mod != rest);
                    assertEquals(before - model.size(), r.recordsDropped());
                    compactions++;
                } else if (action == 8) {
                    log.close();
                    long from = model.isEmpty() || random.nextBoolean()
                            ? 0
                            : 1 + random.nextInt((int) Math.max(1, model.lastKey()));
                    Collector c = new Collector();
                    log = JournalLog.open(dir, SMALL, from, c);
                    assertEquals(new TreeMap<>(model.tailMap(from, true)), asMap(c), "reopened from " + from);
                    Collector s = new Collector();
                    JournalLog.scan(dir, s);
                    assertEquals(model, asMap(s), "read-only scan");
                } else {
                    Collector c = new Collector();
                    long from = 1 + random.nextInt((int) Math.max(1, log.lastLsn()));
                    log.scanFrom(from, c);
                    assertEquals(new TreeMap<>(model.tailMap(from, true)), asMap(c), "scanFrom " + from);
                }
                check(log, model, random);
            }
        } finally {
            log.close();
        }
        Collector c = new Collector();
        JournalLog.open(dir, SMALL, c).close();
        assertEquals(model, asMap(c), "final reopen");
        assertTrue(compactions > 10, "compactions: " + compactions);
    }

    private static void check(JournalLog log, TreeMap<Long, String> model, Random random) {
        long last = log.lastLsn();
        for (int i = 0; i < 20 && last > 0; i++) {
            long lsn = 1 + random.nextInt((int) last);
            Optional<StoredRecord> r = log.read(lsn);
            assertEquals(
                    Optional.ofNullable(model.get(lsn)),
                    r.map(x -> new String(x.payload(), StandardCharsets.UTF_8)),
                    "read(" + lsn + ")");
        }
        List<SegmentInfo> segs = log.segments();
        assertEquals(1, segs.get(0).firstLsn(), "the first segment starts at lsn 1");
        for (int i = 1; i < segs.size(); i++) {
            assertTrue(segs.get(i).number() > segs.get(i - 1).number());
            assertEquals(segs.get(i - 1).lastLsn() + 1, segs.get(i).firstLsn(), "contiguous ranges: " + segs);
        }
        assertEquals(last, segs.get(segs.size() - 1).lastLsn());
    }

    private static TreeMap<Long, String> asMap(Collector c) {
        TreeMap<Long, String> m = new TreeMap<>();
        long prev = 0;
        for (Rec r : c.records) {
            assertTrue(r.lsn() > prev, "lsns increase");
            prev = r.lsn();
            m.put(r.lsn(), r.text());
        }
        return m;
    }
}
