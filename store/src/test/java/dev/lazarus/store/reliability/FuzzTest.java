package dev.lazarus.store.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.JournalCorruptException;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.RecordFormatException;
import dev.lazarus.store.record.RecoveryStarted;
import dev.lazarus.store.record.StepRecorded;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input (RELIABILITY.md §5): random bytes, mutations of valid input and huge length fields fed to the record
 * decoder, the segment scanner and the value codec. Each must answer with a value or its own clear exception (never an
 * {@code ArrayIndexOutOfBoundsException}, {@code NegativeArraySizeException}, {@code OutOfMemoryError} or the like),
 * must not hang (timeouts), and must not allocate more than a bound. Seeded; {@code -Dlazarus.fuzz.seed} and
 * {@code -Dlazarus.fuzz.scale} (a multiplier of the iteration counts) for longer runs.
 *
 * <p>The value codec's own, targeted corruption tests are {@code codec/CorruptInputTest} (huge varint lengths
 * written over and inserted at every offset of a rich sample, truncation at every length, random bytes).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FuzzTest {
    private static final long SEED = Long.getLong("lazarus.fuzz.seed", 6L);
    private static final int SCALE = Integer.getInteger("lazarus.fuzz.scale", 1);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Map<String, Long> ITERATIONS = new LinkedHashMap<>();

    @TempDir
    Path tmp;

    @AfterAll
    static void summary() throws IOException {
        StringBuilder sb = new StringBuilder("fuzz iterations (seed " + SEED + ", scale " + SCALE + "):\n");
        ITERATIONS.forEach((k, v) -> sb.append(String.format("  %-60s %,d%n", k, v)));
        System.out.println(sb);
        Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(Path.of("target", "reliability", "fuzz.txt"), sb.toString());
    }

    static List<JournalRecord> samples() {
        byte[] v = {1, 2, 3, 4, 5, 6, 7, 8};
        return List.of(
                new ExecutionStarted(
                        "ex-1",
                        null,
                        "demo#run(String)",
                        "key",
                        true,
                        "demo.App",
                        "run",
                        "(Ljava/lang/String;)V",
                        false,
                        v,
                        17L),
                new ExecutionStarted(
                        "ex-1/3", "ex-1", "demo#child", "k2", false, "demo.App", "child", "()V", true, v, 1L),
                new StepRecorded(
                        "ex-1", 4, "demo/Svc.call(I)Ljava/lang/String;", "App.java:42", false, v, 1L, 2L, 1, 99),
                new StepRecorded("ex-1", 5, "demo/Svc.fail()V", "App.java:43", true, v, 1L, 2L, 3, 0),
                new ExecutionFinished("ex-1", ExecutionState.COMPLETED, v, 99L),
                new ExecutionFinished("ex-2", ExecutionState.FAILED, v, 99L),
                new RecoveryStarted("ex-1", 5, 12L),
                new ExecutionDiverged("ex-1", "diverged at step 3", 13L),
                new AwaitStarted("ex-1", 6, "App.java:50", "approval", "doc-1", "demo.Approval", "{\"object\":{}}", 5L),
                new EventConsumed("ex-1", 7, "App.java:50", "ev-1", v, 6L),
                new EventSent("ev-2", "approval", "doc-1", "{\"ok\":true}", v, 7L, null, -1, null),
                new AttemptFailed("ex-1", 8, 2, "App.java:60", v, 8L));
    }

    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Decodes, allowing only a record or a RecordFormatException, and a bounded allocation. */
    private static boolean decodeSafely(byte type, byte[] payload) {
        long before = allocated();
        boolean ok;
        try {
            RecordCodec.decode(type, payload);
            ok = true;
        } catch (RecordFormatException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            ok = false;
        } catch (Throwable t) {
            throw new AssertionError(
                    "RecordCodec.decode(" + type + ", "
                            + Arrays.toString(Arrays.copyOf(payload, Math.min(payload.length, 48))) + "...) threw " + t,
                    t);
        }
        long used = allocated() - before;
        // a decode copies at most its payload a few times (strings, byte fields)
        assertTrue(
                used < 64L * payload.length + (1 << 16),
                "decode allocated " + used + " bytes for a " + payload.length + "-byte payload");
        return ok;
    }

    @Test
    void recordDecoderRandomBytes() {
        Random random = new Random(SEED);
        int n = 100_000 * SCALE;
        for (int i = 0; i < n; i++) {
            byte[] p = new byte[random.nextInt(i % 100 == 0 ? 4096 : 96)];
            random.nextBytes(p);
            decodeSafely((byte) random.nextInt(12), p);
        }
        ITERATIONS.put("RecordCodec.decode, random bytes (types 0-11)", (long) n);
    }

    @Test
    void recordDecoderMutationsAndHugeLengths() {
        Random random = new Random(SEED + 1);
        List<JournalRecord> samples = samples();
        int n = 0;
        int decoded = 0;
        int[] huge = {Integer.MAX_VALUE, Integer.MAX_VALUE - 8, 1 << 30, 64 << 20, -2, Integer.MIN_VALUE, 65536};
        for (JournalRecord r : samples) {
            byte type = RecordCodec.typeOf(r);
            byte[] valid = RecordCodec.encode(r);
            assertEquals(r.getClass(), RecordCodec.decode(type, valid).getClass());
            // a huge or negative length written at every offset (length fields are ints)
            for (int off = 0; off + 4 <= valid.length; off++) {
                for (int h : huge) {
                    byte[] m = valid.clone();
                    ByteBuffer.wrap(m).putInt(off, h);
                    decoded += decodeSafely(type, m) ? 1 : 0;
                    n++;
                }
            }
            // truncated at every length, and extended by a byte
            for (int len = 0; len < valid.length; len++) {
                assertTrue(
                        !decodeSafely(type, Arrays.copyOf(valid, len)) || len == valid.length,
                        "a truncated record decoded: " + r + " cut at " + len);
                n++;
            }
            assertTrue(!decodeSafely(type, Arrays.copyOf(valid, valid.length + 1)), "trailing byte accepted");
            n++;
            // random mutations
            for (int i = 0; i < 5_000 * SCALE; i++) {
                byte[] m = valid.clone();
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    m[random.nextInt(m.length)] = (byte) random.nextInt(256);
                }
                decoded += decodeSafely(type, m) ? 1 : 0;
                n++;
            }
        }
        ITERATIONS.put("RecordCodec.decode, mutations, truncations, huge lengths", (long) n);
        assertTrue(decoded > 0, "some mutations still decode (e.g. a changed character of a string)");
    }

    private static byte[] header(long number, long firstLsn) {
        ByteBuffer b = ByteBuffer.allocate(Journals.V1_HEADER); // a first-format header: still read
        b.putInt(0x4C5A4A4C).putInt(1).putLong(number).putLong(firstLsn).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 28);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** A scan answers with records and a report, or a JournalException; a bounded allocation; no hang. */
    private static String scanSafely(Path dir) {
        long before = allocated();
        String outcome;
        try {
            JournalLog.scan(dir, (lsn, type, payload) -> {});
            outcome = "read";
        } catch (JournalCorruptException e) {
            assertTrue(e.getMessage().contains(" offset "), e.getMessage());
            outcome = "refused";
        } catch (JournalException e) {
            outcome = "error " + e.code();
        } catch (Throwable t) {
            throw new AssertionError("scan of " + dir + " threw " + t, t);
        }
        long used = allocated() - before;
        assertTrue(used < 16L << 20, "a scan of a few KiB allocated " + (used >> 20) + " MiB");
        return outcome;
    }

    @Test
    void segmentScannerRandomFiles() throws IOException {
        Random random = new Random(SEED + 2);
        Path dir = tmp.resolve("random");
        Files.createDirectories(dir);
        Path seg = dir.resolve("segment-0000000001.log");
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        int n = 1_500 * SCALE;
        for (int i = 0; i < n; i++) {
            byte[] body = new byte[random.nextInt(3000)];
            random.nextBytes(body);
            byte[] file;
            switch (i % 3) {
                case 0 -> file = body; // no valid header
                case 1 -> { // a valid header, then garbage
                    file = Arrays.copyOf(header(1, 1), 32 + body.length);
                    System.arraycopy(body, 0, file, 32, body.length);
                }
                default -> { // a valid header, then frames with random, often huge, lengths
                    ByteBuffer b = ByteBuffer.allocate(32 + body.length + 17 * 8);
                    b.put(header(1, 1));
                    for (int f = 0; f < 8 && b.remaining() > 17; f++) {
                        int len = switch (random.nextInt(4)) {
                            case 0 -> random.nextInt();
                            case 1 -> Integer.MAX_VALUE - random.nextInt(16);
                            case 2 -> (64 << 20) + random.nextInt(3) - 1;
                            default -> random.nextInt(64);
                        };
                        b.putInt(len).put((byte) 2).putLong(f + 1).putInt(random.nextInt());
                        int fill = Math.min(b.remaining(), random.nextInt(64));
                        b.put(Arrays.copyOf(body, fill));
                    }
                    file = Arrays.copyOf(b.array(), b.position());
                }
            }
            Files.write(seg, file);
            outcomes.merge(scanSafely(dir), 1, Integer::sum);
        }
        ITERATIONS.put("segment scanner, random segment files " + outcomes, (long) n);
    }

    @Test
    void segmentScannerMutatedJournals() throws IOException {
        Random random = new Random(SEED + 3);
        Path template = tmp.resolve("template");
        try (JournalLog log = JournalLog.open(template, LogOptions.defaults().withSegmentSize(1024), (l, t, p) -> {})) {
            for (JournalRecord r : samples()) {
                for (int k = 0; k < 3; k++) {
                    log.append(RecordCodec.typeOf(r), RecordCodec.encode(r));
                }
            }
        }
        List<Path> segs = Journals.segments(template);
        List<byte[]> original = new ArrayList<>();
        for (Path s : segs) {
            original.add(Files.readAllBytes(s));
        }
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        int n = 2_000 * SCALE;
        for (int i = 0; i < n; i++) {
            int si = random.nextInt(segs.size());
            byte[] m = original.get(si).clone();
            if (random.nextInt(4) == 0) {
                // a huge length over a frame's length field
                List<Long> frames = Journals.frames(segs.get(si));
                int at = (int) (long) frames.get(random.nextInt(frames.size()));
                ByteBuffer.wrap(m).putInt(at, random.nextBoolean() ? Integer.MAX_VALUE : -1 - random.nextInt(1000));
            } else {
                for (int k = 1 + random.nextInt(6); k > 0; k--) {
                    m[random.nextInt(m.length)] = (byte) random.nextInt(256);
                }
            }
            if (Arrays.equals(m, original.get(si))) {
                continue; // the random bytes happened to be the ones already there: no damage
            }
            Files.write(segs.get(si), m);
            String outcome = scanSafely(template);
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome.equals("read")) {
                // readable after damage: only if the damage is in the newest segment's last record (a torn tail)
                assertEquals(
                        segs.size() - 1,
                        si,
                        "damage in an older segment read without complaint: segment " + si + " differs at "
                                + firstDifference(m, original.get(si)));
            }
            Files.write(segs.get(si), original.get(si));
        }
        ITERATIONS.put("segment scanner, mutated multi-segment journals " + outcomes, (long) n);
    }

    private static String firstDifference(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return "offset " + i;
            }
        }
        return "length " + a.length + " vs " + b.length;
    }

    /** Journaled values as the engine stores them, damaged: a value or LAZ-202, never anything else. */
    @Test
    void valueCodecMutatedJournalValues() {
        ValueCodec codec = ValueCodec.create();
        ClassLoader loader = getClass().getClassLoader();
        Random random = new Random(SEED + 4);
        List<Object> values = List.of(
                List.of("a", "b", 3, 4.5),
                Map.of("k", List.of(1, 2, 3), "j", "v"),
                new Object[] {"args", 42, List.of("x"), null},
                new IllegalStateException("boom", new IllegalArgumentException("cause")),
                new int[] {1, 2, 3, 400000},
                "plain text value ✓");
        int n = 0;
        for (Object v : values) {
            byte[] valid = codec.encode(v, loader);
            for (int i = 0; i < 4_000 * SCALE; i++) {
                byte[] m = valid.clone();
                int op = random.nextInt(3);
                if (op == 0) {
                    for (int k = 1 + random.nextInt(4); k > 0; k--) {
                        m[1 + random.nextInt(m.length - 1)] = (byte) random.nextInt(256);
                    }
                } else if (op == 1) {
                    m = Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
                } else {
                    int at = 1 + random.nextInt(m.length - 1);
                    byte[] varint = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
                    System.arraycopy(varint, 0, m, at, Math.min(varint.length, m.length - at));
                }
                long before = allocated();
                try {
                    codec.decode(m, loader);
                } catch (CodecException expected) {
                    assertEquals(CodecException.CANNOT_DESERIALIZE, expected.code());
                } catch (Throwable t) {
                    fail(
                            "ValueCodec.decode threw " + t + " for a damaged "
                                    + v.getClass().getSimpleName(),
                            t);
                }
                long used = allocated() - before;
                assertTrue(used < 32L << 20, "decode allocated " + (used >> 20) + " MiB");
                n++;
            }
        }
        ITERATIONS.put("ValueCodec.decode, mutated/truncated/huge-length journal values", (long) n);
    }
}
