package dev.lazarus.bench.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.StepRecorded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryWriterTest {
    private static final ValueCodec CODEC = ValueCodec.create();
    private static final int STEPS = 3;

    @TempDir
    Path tmp;

    /** One execution as the agent journals it: the template the generator copies. */
    private Path template(Object[] arguments) {
        Path dir = tmp.resolve("template");
        String id = "mx0template-abcdefgh";
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), (lsn, type, payload) -> {})) {
            List<JournalRecord> records = new ArrayList<>();
            records.add(new ExecutionStarted(
                    id,
                    null,
                    "app.Work#work(String)",
                    "template",
                    true,
                    "app.Work",
                    "work",
                    "(Ljava/lang/String;)Ljava/lang/String;",
                    false,
                    CODEC.encode(arguments, null),
                    1_000L,
                    ""));
            for (int p = 0; p < STEPS; p++) {
                records.add(new StepRecorded(
                        id,
                        p,
                        "app/Probe.call(I)Ljava/lang/String;",
                        "Work.java:9",
                        false,
                        CODEC.encode("v" + p, null),
                        1_000L + p,
                        5_000L,
                        1,
                        42 + p));
            }
            records.add(new ExecutionFinished(id, ExecutionState.COMPLETED, CODEC.encode("v2", null), 1_010L));
            for (JournalRecord r : records) {
                log.append(RecordCodec.typeOf(r), RecordCodec.encode(r));
            }
        }
        return dir;
    }

    private static List<JournalRecord> read(Path dir) {
        List<JournalRecord> records = new ArrayList<>();
        JournalLog.scan(dir, (lsn, type, payload) -> records.add(RecordCodec.decode(type, payload)));
        return records;
    }

    /**
     * Every copy is the template's execution with an id, key, arguments and times of its own; the given share of
     * every hundred finished long ago, the others just now.
     */
    @Test
    void copiesTheTemplatesExecutionWithItsOwnIdKeyArgumentsAndTimes() throws Exception {
        Path template = template(new Object[] {"template"});
        List<JournalRecord> t = read(template);
        Path out = tmp.resolve("history");
        long before = System.currentTimeMillis();
        int count = 250;
        long deadAge = 3_600_000L;
        HistoryWriter.main(new String[] {template.toString(), out.toString(), "" + count, "40", "" + deadAge});

        Map<String, List<JournalRecord>> byId = new HashMap<>();
        for (JournalRecord r : read(out)) {
            byId.computeIfAbsent(r.executionId(), k -> new ArrayList<>()).add(r);
        }
        assertEquals(count, byId.size(), "one id per execution");
        Set<String> keys = new HashSet<>();
        for (List<JournalRecord> records : byId.values()) {
            assertEquals(STEPS + 2, records.size());
            ExecutionStarted s = (ExecutionStarted) records.get(0);
            ExecutionStarted ts = (ExecutionStarted) t.get(0);
            assertTrue(s.executionId().matches("[0-9a-z]+-[0-9a-z]{8}"), s.executionId());
            assertEquals(ts.durableName(), s.durableName());
            assertEquals(ts.methodDescriptor(), s.methodDescriptor());
            assertTrue(s.explicitKey());
            keys.add(s.key());
            assertArrayEquals(CODEC.encode(new Object[] {s.key()}, null), s.arguments());
            for (int p = 0; p < STEPS; p++) {
                StepRecorded step = (StepRecorded) records.get(1 + p);
                StepRecorded ts2 = (StepRecorded) t.get(1 + p);
                assertEquals(p, step.position());
                assertEquals(ts2.callee(), step.callee());
                assertEquals(ts2.callSite(), step.callSite());
                assertArrayEquals(ts2.value(), step.value());
                assertEquals(ts2.argumentsDigest(), step.argumentsDigest());
            }
            ExecutionFinished f = (ExecutionFinished) records.get(STEPS + 1);
            assertEquals(ExecutionState.COMPLETED, f.state());
            long i = Long.parseLong(s.key().substring(2));
            boolean dead = i % 100 < 40;
            assertEquals(dead, f.finishedAtMillis() < before - deadAge + 60_000, "finished long ago: " + s.key());
            assertTrue(f.finishedAtMillis() >= s.startedAtMillis());
        }
        for (int i = 0; i < count; i++) {
            assertTrue(keys.contains(HistoryWriter.key(i)), HistoryWriter.key(i));
        }
    }

    /** With a size to fill to, executions follow until the newest segment is within two of them of it. */
    @Test
    void fillsTheNewestSegmentUpToTheGivenSize() throws Exception {
        Path template = template(new Object[] {"template"});
        Path out = tmp.resolve("filled");
        long fillTo = 256 * 1024;
        HistoryWriter.main(new String[] {template.toString(), out.toString(), "10", "0", "0", "" + fillTo});
        long executions =
                read(out).stream().filter(r -> r instanceof ExecutionStarted).count();
        long newest = HistoryWriter.newestSegmentBytes(out);
        long perExecution = HistoryWriter.journalBytes(out) / executions + 1;
        assertTrue(executions > 10, "more executions than asked: " + executions);
        assertTrue(newest < fillTo && newest + 3 * perExecution >= fillTo, newest + " of " + fillTo);
    }

    /** A template whose arguments the store's codec would not encode as they are refuses to be copied. */
    @Test
    void refusesATemplateWhoseArgumentsItWouldNotEncodeTheSame() {
        Path template = template(new Object[] {"something else"});
        Path out = tmp.resolve("refused");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> HistoryWriter.main(new String[] {template.toString(), out.toString(), "10"}));
        assertTrue(e.getMessage().contains("value codec"), e.getMessage());
    }
}
