package dev.lazarus.store.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    /** At least one record of every {@link RecordType} ({@link #samplesCoverEveryRecordType}). */
    static final List<JournalRecord> SAMPLES = List.of(
            new ExecutionStarted(
                    "e1",
                    null,
                    "a.B#run(String)",
                    "k",
                    true,
                    "a.B",
                    "run",
                    "(Ljava/lang/String;)V",
                    false,
                    new byte[] {1, 2, 3},
                    42L),
            new ExecutionStarted("e1/3", "e1", "a.B#child()", "d", false, "a.B", "child", "()V", true, new byte[0], 7L),
            new StepRecorded("e1", 3, "a/C.call(I)I", "B.java:12", false, new byte[] {9}, 1L, 2L, 1, 77),
            new StepRecorded("e1", 4, "a/C.fail()V", "B.java:13", true, new byte[] {8, 7}, 3L, 4L, 3, 0),
            new AttemptFailed("e1", 4, 2, "B.java:13", new byte[] {6}, 999L),
            new EffectRecorded(
                    "e1",
                    4,
                    0,
                    "http:java.net.http",
                    "B.java:13",
                    "POST http://h/x",
                    false,
                    new byte[] {5},
                    5L,
                    6L,
                    31),
            new EffectRecorded("e1", 4, 1, "jdbc", "B.java:13", "select 1", true, new byte[] {4}, 7L, 8L, 0),
            new StepRecomputed("e1", 4, "a/C.ask()La/R;", "B.java:13", "not plain data: a.R.lazy", 2, -5),
            new ExecutionFinished("e1", ExecutionState.COMPLETED, new byte[] {5}, 99L),
            new RecoveryStarted("e1", 5, 100L),
            new ExecutionDiverged("e1", "diverged at step 2", 101L),
            new ExecutionRetried("e1", 102L),
            new ExecutionCrashed("e1", 7, 103L),
            new ExecutionDeleted("e1", "gdpr request 42", 104L),
            new AwaitStarted("e1", 6, "B.java:20", "approval", "doc-1", "a.Approval", "{\"ok\":\"boolean\"}", 500L),
            new EventConsumed("e1", 7, "B.java:20", "ev-1", new byte[] {4}, 501L),
            new EventConsumed("e1", 8, "B.java:21", null, new byte[] {3}, 502L),
            new EventSent("ev-2", "approval", "doc-2", "{\"ok\":true}", null, 503L, null, -1, ""),
            new EventSent("e1#9", "approval", "doc-3", null, new byte[] {1}, 504L, "e1", 9, "B.java:22"),
            new ExecutionStarted(
                    "e2",
                    null,
                    "a.B#run(String)",
                    "k",
                    true,
                    "a.B",
                    "run",
                    "(Ljava/lang/String;)V",
                    false,
                    new byte[] {1},
                    43L,
                    "shop"));

    @Test
    void executionIdOfReadsTheFirstFieldOfEveryKind() {
        for (JournalRecord r : SAMPLES) {
            assertEquals(r.executionId(), RecordCodec.executionIdOf(RecordCodec.encode(r)), r.toString());
        }
        assertThrows(RecordFormatException.class, () -> RecordCodec.executionIdOf(new byte[] {0, 0, 0, 9, 'a'}));
        assertThrows(RecordFormatException.class, () -> RecordCodec.executionIdOf(new byte[] {0, 0}));
    }

    @Test
    void everyRecordRoundTrips() {
        for (JournalRecord r : SAMPLES) {
            JournalRecord back = RecordCodec.decode(RecordCodec.typeOf(r), RecordCodec.encode(r));
            assertEquals(r.getClass(), back.getClass());
            assertEquals(r.executionId(), back.executionId());
            assertEquals(normalized(r), normalized(back));
        }
    }

    @Test
    void samplesCoverEveryRecordType() {
        Set<RecordType> covered = EnumSet.noneOf(RecordType.class);
        SAMPLES.forEach(r -> covered.add(RecordType.of(r)));
        assertEquals(EnumSet.allOf(RecordType.class), covered, "a record type without a sample is not round-tripped");
    }

    @Test
    void byteFieldsSurviveExactly() {
        StepRecorded s = (StepRecorded) SAMPLES.get(3);
        StepRecorded back = (StepRecorded) RecordCodec.decode(RecordType.STEP_RECORDED.id(), RecordCodec.encode(s));
        assertArrayEquals(s.value(), back.value());
        assertTrue(back.threw());
    }

    @Test
    void truncatedOrUnknownPayloadsFailWithAFormatErrorNotAnAllocation() {
        byte[] good = RecordCodec.encode(SAMPLES.get(0));
        for (int cut = 0; cut < good.length; cut++) {
            byte[] shorter = java.util.Arrays.copyOf(good, cut);
            assertThrows(
                    RecordFormatException.class, () -> RecordCodec.decode(RecordType.EXECUTION_STARTED.id(), shorter));
        }
        assertThrows(RecordFormatException.class, () -> RecordCodec.decode((byte) 99, good));
        byte[] hugeLength = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        RecordFormatException e = assertThrows(
                RecordFormatException.class, () -> RecordCodec.decode(RecordType.STEP_RECORDED.id(), hugeLength));
        assertTrue(e.getMessage().startsWith("LAZ-108"), e.getMessage());
    }

    @Test
    void randomBytesNeverDecodeSilentlyIntoSomethingElse() {
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            byte type = RecordType.values()[random.nextInt(RecordType.values().length)].id();
            try {
                JournalRecord r = RecordCodec.decode(type, noise);
                assertEquals(type, RecordCodec.typeOf(r)); // the rare noise that parses must parse exactly
            } catch (RecordFormatException expected) {
                // fine
            }
        }
    }

    @Test
    void anApplicationIsATrailingFieldWrittenOnlyWhenThereIsOne() {
        ExecutionStarted ofDefault = new ExecutionStarted(
                "e1",
                null,
                "a.B#run()",
                "k",
                true,
                "a.B",
                "run",
                "()V",
                false,
                new byte[] {1, 2},
                42L,
                ExecutionStarted.DEFAULT_APPLICATION);
        ExecutionStarted ofShop = new ExecutionStarted(
                "e1", null, "a.B#run()", "k", true, "a.B", "run", "()V", false, new byte[] {1, 2}, 42L, "shop");
        byte[] defaultBytes = RecordCodec.encode(ofDefault);
        byte[] shopBytes = RecordCodec.encode(ofShop);

        assertArrayEquals(
                defaultBytes,
                java.util.Arrays.copyOf(shopBytes, defaultBytes.length),
                "the fields before it are encoded as they always were");
        assertArrayEquals(
                RecordCodec.encode(new ExecutionStarted(
                        "e1", null, "a.B#run()", "k", true, "a.B", "run", "()V", false, new byte[] {1, 2}, 42L)),
                defaultBytes,
                "the default application adds no bytes");
        assertEquals(
                "shop",
                ((ExecutionStarted) RecordCodec.decode(RecordType.EXECUTION_STARTED.id(), shopBytes)).application());
        assertEquals(
                "",
                ((ExecutionStarted) RecordCodec.decode(RecordType.EXECUTION_STARTED.id(), defaultBytes)).application(),
                "a record written before the field existed belongs to the default application");
    }

    private static String normalized(JournalRecord r) {
        // Records compare arrays by identity; compare a rendering with array contents instead.
        String s = r.toString();
        return s.replaceAll("\\[B@[0-9a-f]+", "bytes");
    }
}
