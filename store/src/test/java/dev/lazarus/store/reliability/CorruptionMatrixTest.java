package dev.lazarus.store.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazarus.store.log.JournalCorruptException;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.log.LogTestSupport.Collector;
import dev.lazarus.store.log.RecoveryReport;
import dev.lazarus.store.log.TornTail;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.StepRecorded;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corruption (RELIABILITY.md §3): change every byte of a multi-segment journal, one at a time, and reorder, delete,
 * duplicate, truncate and splice its segments. Each damage is either <em>detected</em> (refused with {@code LAZ-102}
 * naming the damaged file and the offset of the damaged record or header) or <em>provably harmless</em> (the damage is
 * inside the newest segment's last record, which is then indistinguishable from a torn write: dropped as a torn tail,
 * at that record's offset, and everything before it read back exactly) — never read back wrong. The newest segment's
 * last record is the one place where bit rot loses a record silently; so do deleting the newest segments or cutting the
 * newest at a record boundary, since nothing records how long the log was. Those cases are asserted explicitly, and
 * listed in RELIABILITY.md.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CorruptionMatrixTest {
    @TempDir
    Path tmp;

    private Path journal;
    private List<byte[]> payloads;
    private List<Byte> types;
    private List<Path> segments;

    /** Executions with arguments, steps and outcomes: about 4.5 KiB in five 1 KiB segments. */
    @BeforeEach
    void build() {
        journal = tmp.resolve("journal");
        payloads = new ArrayList<>();
        types = new ArrayList<>();
        try (JournalLog log = JournalLog.open(journal, LogOptions.defaults().withSegmentSize(1024), (l, t, p) -> {})) {
            for (int e = 0; e < 8; e++) {
                String id = "ex-" + e;
                add(
                        log,
                        new ExecutionStarted(
                                id,
                                null,
                                "demo#run",
                                "key-" + e,
                                true,
                                "demo.App",
                                "run",
                                "(Ljava/lang/String;)V",
                                false,
                                ("args-" + e).getBytes(StandardCharsets.UTF_8),
                                1000L + e));
                for (int s = 0; s < 3; s++) {
                    add(
                            log,
                            new StepRecorded(
                                    id,
                                    s,
                                    "demo/Svc.call(I)Ljava/lang/String;",
                                    "App.java:" + (10 + s),
                                    false,
                                    ("value-" + e + "-" + s).getBytes(StandardCharsets.UTF_8),
                                    5L,
                                    7L,
                                    1,
                                    42));
                }
                add(log, new ExecutionFinished(id, ExecutionState.COMPLETED, new byte[] {(byte) e}, 2000L + e));
            }
        }
        segments = Journals.segments(journal);
        assertTrue(segments.size() >= 4, "several segments: " + segments.size());
    }

    private void add(JournalLog log, JournalRecord r) {
        byte[] p = RecordCodec.encode(r);
        log.append(RecordCodec.typeOf(r), p);
        payloads.add(p);
        types.add(RecordCodec.typeOf(r));
    }

    /** What a scan made of the journal. */
    record Seen(
            JournalCorruptException refused,
            JournalException other,
            RecoveryReport report,
            List<byte[]> records,
            List<Byte> types) {}

    private static Seen scan(Path dir) {
        List<byte[]> records = new ArrayList<>();
        List<Byte> types = new ArrayList<>();
        try {
            RecoveryReport r = JournalLog.scan(dir, (lsn, type, payload) -> {
                records.add(payload);
                types.add(type);
            });
            return new Seen(null, null, r, records, types);
        } catch (JournalCorruptException e) {
            return new Seen(e, null, null, records, types);
        } catch (JournalException e) {
            return new Seen(null, e, null, records, types);
        }
    }

    /** The records read back are exactly the first n appended ones, and decode as what was written. */
    private void assertPrefix(Seen s, int n, String what) {
        assertEquals(n, s.records().size(), what);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(payloads.get(i), s.records().get(i), what + ": record " + (i + 1) + " read back wrong");
            assertEquals(types.get(i), s.types().get(i), what);
            RecordCodec.decode(s.types().get(i), s.records().get(i));
        }
    }

    private static void note(String line) throws IOException {
        System.out.println(line);
        Path dir = Path.of("target", "reliability");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("corruption-matrix.txt"),
                line + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private int recordsBefore(int segmentIndex) {
        int n = 0;
        for (int i = 0; i < segmentIndex; i++) {
            n += Journals.frames(segments.get(i)).size();
        }
        return n;
    }

    @Test
    void everyByteOfEverySegmentFlipped() throws IOException {
        int detected = 0;
        int tornTail = 0;
        int total = 0;
        byte[] patterns = {0x01, (byte) 0x80, (byte) 0xFF};
        Random random = new Random(6);
        for (int si = 0; si < segments.size(); si++) {
            Path seg = segments.get(si);
            boolean newest = si == segments.size() - 1;
            List<Long> frames = Journals.frames(seg);
            long lastFrame = frames.get(frames.size() - 1);
            byte[] original = Files.readAllBytes(seg);
            try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
                for (int x = 0; x < original.length; x++) {
                    for (int k = 0; k <= patterns.length; k++) {
                        byte xor = k < patterns.length ? patterns[k] : (byte) (1 + random.nextInt(255));
                        f.seek(x);
                        f.write(original[x] ^ xor);
                        total++;
                        String what = seg.getFileName() + " byte " + x + " xor " + (xor & 0xFF);
                        Seen s = scan(journal);
                        long frame = 0;
                        for (long o : frames) {
                            if (o <= x) {
                                frame = o;
                            }
                        }
                        if (s.refused() != null) {
                            detected++;
                            assertEquals(
                                    seg,
                                    s.refused().file(),
                                    what + ": " + s.refused().getMessage());
                            assertEquals(
                                    frame,
                                    s.refused().offset(),
                                    what + ": " + s.refused().getMessage());
                            assertTrue(s.refused().getMessage().contains(seg + " offset " + frame), what);
                        } else if (s.other() != null) {
                            fail(what + ": refused, but not as corruption: "
                                    + s.other().getMessage());
                        } else {
                            // readable: only a torn last record of the newest segment is acceptable
                            assertTrue(newest && x >= lastFrame, what + ": damage read back without complaint");
                            TornTail t = s.report()
                                    .tornTail()
                                    .orElseThrow(
                                            () -> new AssertionError(
                                                    what
                                                            + ": damage in the last record was neither refused nor reported as a torn tail"));
                            assertEquals(lastFrame, t.offset(), what);
                            assertPrefix(s, payloads.size() - 1, what);
                            tornTail++;
                        }
                        f.seek(x);
                        f.write(original[x]);
                    }
                }
            }
        }
        assertPrefix(scan(journal), payloads.size(), "restored");
        String summary = String.format(
                "flipped %d bytes x 4 patterns = %d damaged journals: %d refused with file and"
                        + " offset, %d dropped as a torn last record, 0 read back wrong",
                total / 4, total, detected, tornTail);
        note(summary);
        assertEquals(total, detected + tornTail);
    }

    /** A torn last record dropped by a scan is cut by open, and appends continue after it. */
    @Test
    void damagedLastRecordIsCutAtOpen() throws IOException {
        Path newest = segments.get(segments.size() - 1);
        List<Long> frames = Journals.frames(newest);
        long last = frames.get(frames.size() - 1);
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.seek(last + 20);
            int b = f.read();
            f.seek(last + 20);
            f.write(b ^ 0x10);
        }
        Collector c = new Collector();
        try (JournalLog log = JournalLog.open(journal, LogOptions.defaults(), c)) {
            assertEquals(payloads.size() - 1, c.records.size());
            assertEquals(last, log.recovery().tornTail().orElseThrow().offset());
            assertEquals(payloads.size(), log.append((byte) 1, new byte[] {1}));
        }
        assertEquals(last + 17 + 1, Files.size(newest));
    }

    @Test
    void everyReorderingOfSegmentsIsRefused() throws IOException {
        List<int[]> perms = new ArrayList<>();
        permutations(new int[segments.size()], new boolean[segments.size()], 0, perms);
        int refused = 0;
        for (int[] p : perms) {
            boolean identity = true;
            for (int i = 0; i < p.length; i++) {
                identity &= p[i] == i;
            }
            Path dir = tmp.resolve("perm-" + refused + "-" + perms.indexOf(p));
            Files.createDirectories(dir);
            for (int i = 0; i < p.length; i++) {
                Files.copy(segments.get(p[i]), dir.resolve(segments.get(i).getFileName()));
            }
            Seen s = scan(dir);
            if (identity) {
                assertPrefix(s, payloads.size(), "identity");
            } else {
                assertTrue(s.refused() != null, "order " + java.util.Arrays.toString(p) + " was not refused");
                refused++;
            }
            Journals.deleteTree(dir);
        }
        assertEquals(perms.size() - 1, refused);
        note("reordered segments: " + refused + " of " + refused + " non-identity orders of " + segments.size()
                + " segments refused");
    }

    private static void permutations(int[] a, boolean[] used, int k, List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = 0; i < a.length; i++) {
            if (!used[i]) {
                used[i] = true;
                a[k] = i;
                permutations(a, used, k + 1, out);
                used[i] = false;
            }
        }
    }

    /**
     * Every non-empty set of deleted segments: refused, unless the set is the newest segments (then the
     * journal reads as the prefix the remaining segments hold: undetectable without a record of the log's
     * end) or all of them (an empty journal).
     */
    @Test
    void everySetOfDeletedSegmentsIsRefusedUnlessItIsTheNewest() throws IOException {
        int n = segments.size();
        int refused = 0;
        int undetectable = 0;
        for (int mask = 1; mask < (1 << n); mask++) {
            Path dir = tmp.resolve("del-" + mask);
            Files.createDirectories(dir);
            int keptPrefix = 0;
            boolean suffix = true;
            for (int i = 0; i < n; i++) {
                boolean deleted = (mask & (1 << i)) != 0;
                if (!deleted) {
                    Files.copy(segments.get(i), dir.resolve(segments.get(i).getFileName()));
                }
            }
            // deleted set == {j..n-1} for some j?
            int j = Integer.numberOfTrailingZeros(mask);
            suffix = mask == ((1 << n) - 1) - ((1 << j) - 1);
            keptPrefix = j;
            Seen s = scan(dir);
            if (suffix) {
                assertTrue(s.refused() == null, "deleting the newest " + (n - j) + " segments: " + s.refused());
                assertPrefix(s, recordsBefore(keptPrefix), "deleted the newest " + (n - j));
                undetectable++;
            } else {
                assertTrue(s.refused() != null, "deleting set " + Integer.toBinaryString(mask) + " was not refused");
                refused++;
            }
            Journals.deleteTree(dir);
        }
        assertEquals((1 << n) - 1, refused + undetectable);
        note("deleted segments: " + ((1 << n) - 1) + " non-empty sets: " + refused + " refused, " + undetectable
                + " (the newest k) read as the shorter prefix: undetectable without a record of the log's end");
        assertEquals(n, undetectable);
    }

    @Test
    void duplicatedSplicedAndTruncatedSegmentsAreRefused() throws IOException {
        // an older segment copied in as the next one
        Path dir = tmp.resolve("dup");
        Journals.copySegments(journal, dir);
        Files.copy(segments.get(1), dir.resolve(String.format("segment-%010d.log", segments.size() + 1)));
        assertTrue(scan(dir).refused() != null, "a duplicated segment");

        // a segment of another journal with the same number
        Path other = tmp.resolve("other");
        try (JournalLog log = JournalLog.open(other, LogOptions.defaults().withSegmentSize(1024), (l, t, p) -> {})) {
            for (int i = 0; i < 200; i++) {
                log.append((byte) 2, ("other-" + i + "-padding-padding").getBytes(StandardCharsets.UTF_8));
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            Path spliced = tmp.resolve("spliced-" + i);
            Journals.copySegments(journal, spliced);
            Files.copy(
                    Journals.segments(other).get(i),
                    spliced.resolve(segments.get(i).getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
            Seen s = scan(spliced);
            assertTrue(s.refused() != null, "segment " + (i + 1) + " from another journal was not refused");
        }

        // an older segment cut at any byte: refused (only the newest may end torn)
        int cuts = 0;
        for (int si = 0; si < segments.size() - 1; si++) {
            long size = Files.size(segments.get(si));
            for (long cut = 0; cut < size; cut++) {
                Path d = tmp.resolve("cut");
                Journals.copySegments(journal, d);
                try (RandomAccessFile f = new RandomAccessFile(
                        d.resolve(segments.get(si).getFileName()).toFile(), "rw")) {
                    f.setLength(cut);
                }
                Seen s = scan(d);
                assertTrue(s.refused() != null, segments.get(si).getFileName() + " cut at " + cut + " was not refused");
                Journals.deleteTree(d);
                cuts++;
            }
        }
        note("older segments cut at every byte: " + cuts + " cuts, all refused; a duplicated segment, "
                + segments.size() + " segments spliced from another journal and a zeroed 512-byte page: all refused");

        // a lost page: 512 zero bytes in the middle of an older segment
        Path zeros = tmp.resolve("zeros");
        Journals.copySegments(journal, zeros);
        try (RandomAccessFile f = new RandomAccessFile(
                zeros.resolve(segments.get(1).getFileName()).toFile(), "rw")) {
            f.seek(200);
            f.write(new byte[512]);
        }
        assertTrue(scan(zeros).refused() != null, "zeroed page");
    }

    /**
     * The newest segment cut at every byte: at a record boundary the journal reads as the shorter prefix (a cut
     * at a boundary is what a crash between two batches leaves); anywhere else the torn record is reported.
     */
    @Test
    void newestSegmentCutAtEveryByte() throws IOException {
        Path newest = segments.get(segments.size() - 1);
        List<Long> frames = Journals.frames(newest);
        long size = Files.size(newest);
        int before = recordsBefore(segments.size() - 1);
        int boundaries = 0;
        int torn = 0;
        for (long cut = Journals.headerSize(newest); cut <= size; cut++) {
            Path d = tmp.resolve("cut-" + cut);
            Journals.copySegments(journal, d);
            try (RandomAccessFile f =
                    new RandomAccessFile(d.resolve(newest.getFileName()).toFile(), "rw")) {
                f.setLength(cut);
            }
            Seen s = scan(d);
            assertTrue(s.refused() == null && s.other() == null, "cut at " + cut);
            int complete = 0;
            for (int k = 0; k < frames.size(); k++) {
                long end = k + 1 < frames.size() ? frames.get(k + 1) : size;
                if (end <= cut) {
                    complete = k + 1;
                }
            }
            assertPrefix(s, before + complete, "cut at " + cut);
            boolean boundary = cut == size || frames.contains(cut);
            assertEquals(!boundary, s.report().tornTail().isPresent(), "cut at " + cut);
            Journals.deleteTree(d);
            if (boundary) {
                boundaries++;
            } else {
                torn++;
            }
        }
        note("newest segment cut at every byte: " + (boundaries + torn) + " cuts: " + torn
                + " torn records reported and dropped, " + boundaries + " at record boundaries read as the prefix");
    }

    /**
     * A residual risk, documented rather than hidden: a power cut while the last batch (written, not yet synced,
     * so never acknowledged) reaches the disk out of order can leave a hole (zeros) in the newest segment with
     * intact records after it. The scanner cannot tell that from damage in the middle of the log, so it refuses
     * the journal (LAZ-102) instead of guessing: unavailable until an operator acts, but never read wrong. See
     * RELIABILITY.md, "Known gaps".
     */
    @Test
    void holeInTheUnsyncedLastBatchIsRefusedNotMisread() throws IOException {
        Path newest = segments.get(segments.size() - 1);
        try (JournalLog log = JournalLog.open(journal, LogOptions.defaults().withSegmentSize(1024), (l, t, p) -> {})) {
            while (Journals.frames(newest).size() < 3) { // small records: they stay in the newest segment
                log.append((byte) 1, new byte[] {1, 2, 3});
            }
        }
        List<Long> frames = Journals.frames(newest);
        assertEquals(segments, Journals.segments(journal));
        long from = frames.get(frames.size() - 3);
        long to = frames.get(frames.size() - 2) + 5; // into the second-to-last record; the last stays intact
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.seek(from);
            f.write(new byte[(int) (to - from)]);
        }
        Seen s = scan(journal);
        assertTrue(s.refused() != null, "a hole followed by an intact record is refused");
        assertEquals(newest, s.refused().file());
        assertEquals(from, s.refused().offset());
        assertTrue(
                s.refused().getMessage().contains("valid record follows"),
                s.refused().getMessage());
    }
}
