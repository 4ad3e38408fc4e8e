package dev.lazarus.agent.cli;

import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.Durability;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.StepRecorded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a journal for a command-line test the way the engine does (the store's {@link JournalLog} and the
 * record schema's {@link RecordCodec}), and measures what each append put on disk, so that tests derive byte
 * counts from the files rather than from the format's constants.
 */
final class TestJournal implements AutoCloseable {
    static final String NAME = "demo.Agent#run(java.lang.String)";

    final Path dir;
    private final JournalLog log;

    TestJournal(Path dir) {
        this.dir = dir;
        this.log = JournalLog.open(dir, LogOptions.defaults().withDurability(Durability.PROCESS), (l, t, p) -> {});
    }

    /**
     * Appends a record.
     *
     * @return the bytes it took in its segment (the journal must stay within one segment for this to hold)
     */
    long append(JournalRecord r) {
        long before = segmentBytes();
        log.append(RecordCodec.typeOf(r), RecordCodec.encode(r));
        return segmentBytes() - before;
    }

    /** @return the bytes the records put on disk together */
    long append(JournalRecord... records) {
        long sum = 0;
        for (JournalRecord r : records) {
            sum += append(r);
        }
        return sum;
    }

    /** Appends records without measuring them: for journals too large for that to be cheap. */
    void write(JournalRecord... records) {
        for (JournalRecord r : records) {
            log.append(RecordCodec.typeOf(r), RecordCodec.encode(r));
        }
    }

    private long segmentBytes() {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        log.close();
    }

    static ExecutionStarted started(String id, String parent, String key, long at) {
        return started(id, parent, NAME, key, at);
    }

    static ExecutionStarted started(String id, String parent, String name, String key, long at) {
        return new ExecutionStarted(
                id,
                parent,
                name,
                key,
                true,
                "demo.Agent",
                "run",
                "(Ljava/lang/String;)Ljava/lang/String;",
                false,
                ValueCodec.create().encode(new Object[] {key}, TestJournal.class.getClassLoader()),
                at);
    }

    static StepRecorded step(String id, int position) {
        return new StepRecorded(
                id,
                position,
                "demo/Tools.lookup(Ljava/lang/String;)Ljava/lang/String;",
                "Agent.java:12",
                false,
                ValueCodec.create().encode("answer " + position, TestJournal.class.getClassLoader()),
                1L,
                1_000L,
                1,
                0);
    }

    static StepRecorded sleep(String id, int position, long wakeAt) {
        return new StepRecorded(
                id,
                position,
                StepRecorded.SLEEP_CALLEE,
                "Agent.java:14",
                false,
                ValueCodec.create().encode(wakeAt, TestJournal.class.getClassLoader()),
                1L,
                0L,
                1,
                0);
    }

    static AwaitStarted await(String id, int position, String name, String key) {
        return new AwaitStarted(
                id, position, "Agent.java:20", name, key, "java.lang.String", "\"string\"", Long.MAX_VALUE);
    }

    static EventSent outsideEvent(String eventId, String name, String key, long at) {
        return new EventSent(eventId, name, key, "\"yes\"", null, at, null, -1, "");
    }

    static EventConsumed consumed(String id, int position, String eventId, long at) {
        return new EventConsumed(
                id,
                position,
                "Agent.java:20",
                eventId,
                ValueCodec.create().encode("yes", TestJournal.class.getClassLoader()),
                at);
    }

    static ExecutionFinished finished(String id, ExecutionState state, long at) {
        return new ExecutionFinished(
                id, state, ValueCodec.create().encode("done", TestJournal.class.getClassLoader()), at);
    }

    static ExecutionDiverged diverged(String id, long at) {
        return new ExecutionDiverged(id, "asked for another call at Agent.java:12", at);
    }

    static ExecutionRetried retried(String id, long at) {
        return new ExecutionRetried(id, at);
    }

    static ExecutionDeleted deleted(String id, long at) {
        return new ExecutionDeleted(id, "test", at);
    }
}
