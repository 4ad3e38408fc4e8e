package dev.lazarus.bench.log;

import dev.lazarus.bench.apps.Out;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.Durability;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.StepRecorded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a journal of many finished executions in seconds, through the store's API, for figure 13: what the
 * agent would have written after running a durable method that many times, without running it that many times.
 *
 * <p>The records are copies of one execution the real agent wrote (the template journal: one execution of a
 * durable method with an explicit key, and nothing else), so that every field the engine fills (durable name,
 * class, descriptor, callee, call site, the encoded values, the argument digests) is the engine's own. Per copy,
 * only what differs between executions changes: the execution id (made like the engine's, the start time in base
 * 36, a dash and 8 characters), the key, the encoded arguments (the key, encoded with the store's value codec, which
 * is the agent's; checked against the template's own arguments first) and the time stamps.
 *
 * <p>{@code HistoryWriter TEMPLATE_DIR OUT_DIR COUNT [DEAD_PERCENT DEAD_AGE_MS [FILL_TO]]}: COUNT executions with
 * keys {@code h-0} … {@code h-(COUNT-1)}, finished in the last COUNT milliseconds; with DEAD_PERCENT, that many of
 * every hundred finished DEAD_AGE_MS earlier instead (so that a retention shorter than that makes them dead while the
 * others stay live), spread evenly over the journal. With FILL_TO, more executions follow until the newest segment
 * file is within two executions of FILL_TO bytes: give the agent's segment size, and the first records a JVM appends
 * to the journal seal that segment (a compactor that looks for work when a segment is sealed then finds it at once).
 * The journal is written with {@code async} durability and closed (every record synced) before this prints
 * {@code executions}, {@code bytes}, {@code newest_segment_bytes}, {@code bytes_per_execution} and {@code seconds}.
 */
public final class HistoryWriter {
    private HistoryWriter() {}

    /** The key of the i-th generated execution. */
    public static String key(long i) {
        return "h-" + i;
    }

    public static void main(String[] args) throws Exception {
        Path template = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long count = Long.parseLong(args[2]);
        int deadPercent = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        long deadAgeMs = args.length > 4 ? Long.parseLong(args[4]) : 0;
        long fillTo = args.length > 5 ? Long.parseLong(args[5]) : 0;
        Template t = Template.read(template);
        ValueCodec codec = ValueCodec.create();
        byte[] templateArguments = codec.encode(new Object[] {t.started.key()}, null);
        if (!Arrays.equals(templateArguments, t.started.arguments())) {
            throw new IllegalStateException("the store's value codec does not encode the template's key as the agent"
                    + " did; the generated arguments would not be the agent's");
        }
        long t0 = System.nanoTime();
        History h = new History(t, codec, count, deadPercent, deadAgeMs);
        try (JournalLog log = JournalLog.open(
                out, LogOptions.defaults().withDurability(Durability.ASYNC), (lsn, type, payload) -> {})) {
            for (long i = 0; i < count; i++) {
                h.write(log, i);
            }
        }
        long written = count;
        if (fillTo > 0) {
            // written through once each, so that the newest segment's size on disk is known after every execution
            try (JournalLog log = JournalLog.open(
                    out, LogOptions.defaults().withDurability(Durability.PROCESS), (lsn, type, payload) -> {})) {
                long perExecution = written == 0 ? 4096 : journalBytes(out) / written + 1;
                while (newestSegmentBytes(out) + 2 * perExecution < fillTo) {
                    h.write(log, written++);
                }
            }
        }
        long bytes = journalBytes(out);
        Out.result("executions", written);
        Out.result("bytes", bytes);
        Out.result("newest_segment_bytes", newestSegmentBytes(out));
        Out.result("bytes_per_execution", Out.fmt(written == 0 ? 0 : (double) bytes / written));
        Out.result("seconds", Out.fmt((System.nanoTime() - t0) / 1e9));
    }

    /** The executions to write: the template's records with what differs between executions filled in. */
    private static final class History {
        private final Template t;
        private final ValueCodec codec;
        private final long count;
        private final int deadPercent;
        private final long deadAgeMs;
        private final long now = System.currentTimeMillis();

        History(Template t, ValueCodec codec, long count, int deadPercent, long deadAgeMs) {
            this.t = t;
            this.codec = codec;
            this.count = count;
            this.deadPercent = deadPercent;
            this.deadAgeMs = deadAgeMs;
        }

        /** Appends the i-th execution: started, its steps, finished. */
        void write(JournalLog log, long i) {
            boolean dead = i % 100 < deadPercent;
            long started = now - Math.max(count - i, 1) - t.steps.size() - 1 - (dead ? deadAgeMs : 0);
            String id = executionId(started, i);
            String key = key(i);
            ExecutionStarted s = t.started;
            append(
                    log,
                    new ExecutionStarted(
                            id,
                            s.parentId(),
                            s.durableName(),
                            key,
                            s.explicitKey(),
                            s.className(),
                            s.methodName(),
                            s.methodDescriptor(),
                            s.isStatic(),
                            codec.encode(new Object[] {key}, null),
                            started,
                            s.application()));
            for (StepRecorded r : t.steps) {
                append(
                        log,
                        new StepRecorded(
                                id,
                                r.position(),
                                r.callee(),
                                r.callSite(),
                                r.threw(),
                                r.value(),
                                started + r.position(),
                                r.durationNanos(),
                                r.attempts(),
                                r.argumentsDigest()));
            }
            append(log, new ExecutionFinished(id, t.finished.state(), t.finished.outcome(), started + t.steps.size()));
        }

        private static void append(JournalLog log, JournalRecord record) {
            log.append(RecordCodec.typeOf(record), RecordCodec.encode(record));
        }
    }

    /** An id of the engine's shape ({@code base36(millis)-xxxxxxxx}), unique by the execution's number. */
    static String executionId(long startedMillis, long i) {
        String n = Long.toString(i, 36);
        return Long.toString(startedMillis, 36) + "-" + "00000000".substring(n.length()) + n;
    }

    /** @return the size of the newest segment file (the one the writer appends to) */
    static long newestSegmentBytes(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(p -> p.toFile().length())
                    .orElse(0L);
        }
    }

    /** @return the bytes of the journal's segment files */
    static long journalBytes(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    /** The one execution of the template journal: its start, its steps in order, its finish. */
    private static final class Template {
        ExecutionStarted started;
        final List<StepRecorded> steps = new ArrayList<>();
        ExecutionFinished finished;

        static Template read(Path dir) {
            Template t = new Template();
            JournalLog.scan(dir, (lsn, type, payload) -> t.add(RecordCodec.decode(type, payload)));
            if (t.started == null || t.finished == null || t.steps.isEmpty()) {
                throw new IllegalStateException(
                        "the template journal " + dir + " does not hold one finished execution with steps");
            }
            return t;
        }

        private void add(JournalRecord r) {
            if (r instanceof ExecutionStarted s && started == null && s.parentId() == null) {
                started = s;
            } else if (r instanceof StepRecorded s
                    && started != null
                    && s.executionId().equals(started.executionId())) {
                steps.add(s);
            } else if (r instanceof ExecutionFinished f
                    && started != null
                    && f.executionId().equals(started.executionId())) {
                finished = f;
            } else {
                throw new IllegalStateException("the template journal holds a record the generator would not copy: "
                        + r.getClass().getSimpleName() + " of " + r.executionId());
            }
        }
    }
}
