package dev.lazarus.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.StepRecorded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --journal DIR}: exit 0 with the figures for a sound journal (a torn tail included),
 * exit 1 with one line naming the file and offset for damage, exit 2 for something that is not a journal;
 * and it runs beside the journal's owner without disturbing it, never touching {@code journal.lock}.
 */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    static Run verify(Path journal, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--journal", journal.toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args.toArray(new String[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void append(JournalLog log, JournalRecord r) {
        log.append(RecordCodec.typeOf(r), RecordCodec.encode(r));
    }

    /** Executions of three records each, in 1 KiB segments: several segments. */
    static Path journal(Path dir, int executions) {
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults().withSegmentSize(1024), (l, t, p) -> {})) {
            for (int i = 0; i < executions; i++) {
                String id = "ex-" + i;
                append(
                        log,
                        new ExecutionStarted(
                                id,
                                null,
                                "demo#run",
                                "key-" + i,
                                true,
                                "demo.App",
                                "run",
                                "(Ljava/lang/String;)Ljava/lang/String;",
                                false,
                                new byte[] {1, 2, 3},
                                1000L + i));
                append(
                        log,
                        new StepRecorded(
                                id,
                                0,
                                "demo/Svc.call()Ljava/lang/String;",
                                "App.java:12",
                                false,
                                "value".getBytes(StandardCharsets.UTF_8),
                                1000L,
                                5000L,
                                1,
                                7));
                append(log, new ExecutionFinished(id, ExecutionState.COMPLETED, new byte[] {9}, 2000L + i));
            }
        }
        return dir;
    }

    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Frame offsets of a segment, from the documented layout (a header of 32 bytes in format version 1 and 44 in
     * version 2, the version at offset 4; 17-byte frame headers).
     */
    static List<Long> frames(Path segment) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> out = new ArrayList<>();
        int pos = b.getInt(4) == 1 ? 32 : 44;
        while (pos + 17 <= b.limit()) {
            out.add((long) pos);
            pos += 17 + b.getInt(pos);
        }
        return out;
    }

    static void flip(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).flip();
            ch.write(one, offset);
        }
    }

    private static void assertOneLine(Run r, String... contains) {
        assertEquals(1, r.errLines().size(), r.err);
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("lazarus verify: "), line);
        for (String c : contains) {
            assertTrue(line.contains(c), "'" + c + "' in: " + line);
        }
        assertEquals("", r.out, "nothing on stdout when the journal is not sound");
    }

    @Test
    void soundJournalGivesTheFigures() throws Exception {
        Path dir = journal(tmp.resolve("j"), 20);
        int segments = segments(dir).size();
        assertTrue(segments >= 3, "several segments: " + segments);
        Run r = verify(dir);
        assertEquals(0, r.code, r.err + r.out);
        assertEquals("", r.err);
        assertTrue(r.out.contains(": sound"), r.out);
        assertTrue(r.out.contains("segments:  " + segments + " (segment-0000000001.log"), r.out);
        assertTrue(r.out.contains("records:   60, lsn 1..60"), r.out);
        assertTrue(r.out.contains("execution-started 20, step-recorded 20, execution-finished 20"), r.out);
        assertTrue(r.out.contains("torn tail: none"), r.out);
    }

    /**
     * Every record the engine can write (each record class of the store's sealed schema, whatever the table of
     * types says) is written once; verify must find the journal sound and name every one of them by its type.
     */
    @Test
    void knowsEveryRecordTypeTheEngineCanWrite() throws Exception {
        List<JournalRecord> records = new ArrayList<>();
        for (Class<?> c : recordClasses()) {
            records.add(sample(c));
        }
        Path dir = tmp.resolve("all-types");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), (l, t, p) -> {})) {
            records.forEach(r -> append(log, r));
        }
        Run r = verify(dir);
        assertEquals(0, r.code, r.err + r.out);
        String byType = r.out.lines()
                .filter(l -> l.startsWith("  by type:"))
                .findFirst()
                .orElseThrow();
        for (JournalRecord record : records) {
            assertTrue(byType.contains(RecordType.of(record).label() + " 1"), record.getClass() + " in: " + byType);
        }
        assertFalse(r.out.contains("unknown"), r.out);
    }

    /** @return every record class of the sealed {@link JournalRecord} hierarchy */
    static List<Class<?>> recordClasses() {
        List<Class<?>> out = new ArrayList<>();
        java.util.Deque<Class<?>> todo = new java.util.ArrayDeque<>(List.of(JournalRecord.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.isSealed()) {
                todo.addAll(List.of(c.getPermittedSubclasses()));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** A record of class {@code c} whose components are filled with plain values by their types. */
    static JournalRecord sample(Class<?> c) throws ReflectiveOperationException {
        java.lang.reflect.RecordComponent[] components = c.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            types[i] = t;
            values[i] = t == String.class
                    ? "s" + i
                    : t == int.class
                            ? i
                            : t == long.class
                                    ? (long) i
                                    : t == boolean.class
                                            ? Boolean.TRUE
                                            : t == byte[].class
                                                    ? new byte[] {(byte) i}
                                                    : t.isEnum() ? t.getEnumConstants()[0] : null;
        }
        return (JournalRecord) c.getDeclaredConstructor(types).newInstance(values);
    }

    @Test
    void tornTailIsReportedButSound() throws Exception {
        Path dir = journal(tmp.resolve("j"), 20);
        List<Path> segs = segments(dir);
        Path newest = segs.get(segs.size() - 1);
        List<Long> frames = frames(newest);
        long last = frames.get(frames.size() - 1);
        long size = Files.size(newest);
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }
        Run r = verify(dir);
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("records:   59, lsn 1..59"), r.out);
        assertTrue(
                r.out.contains(
                        "torn tail: " + (size - 3 - last) + " bytes at " + newest.getFileName() + " offset " + last),
                r.out);
        assertEquals(size - 3, Files.size(newest), "verify never writes: the torn tail is still there");
    }

    @Test
    void flippedByteInAnOlderSegmentNamesFileAndOffset() throws Exception {
        Path dir = journal(tmp.resolve("j"), 20);
        Path seg = segments(dir).get(1);
        List<Long> frames = frames(seg);
        long rec = frames.get(frames.size() / 2);
        flip(seg, rec + 20);
        Run r = verify(dir);
        assertEquals(1, r.code);
        assertOneLine(r, "LAZ-102", seg.toString() + " offset " + rec, "CRC mismatch");
        assertFalse(r.err.contains("run 'verify'"), "no advice to run verify from verify: " + r.err);
    }

    @Test
    void missingAndSwappedSegmentsAreNamed() throws Exception {
        Path dir = journal(tmp.resolve("j"), 20);
        List<Path> segs = segments(dir);
        Files.delete(segs.get(1));
        Run r = verify(dir);
        assertEquals(1, r.code);
        assertOneLine(r, "LAZ-102", segs.get(2) + " offset 0", "missing");

        Path dir2 = journal(tmp.resolve("j2"), 20);
        List<Path> s2 = segments(dir2);
        Path t = dir2.resolve("t");
        Files.move(s2.get(0), t);
        Files.move(s2.get(1), s2.get(0));
        Files.move(t, s2.get(1));
        r = verify(dir2);
        assertEquals(1, r.code);
        assertOneLine(r, "LAZ-102", s2.get(0) + " offset 0");
    }

    @Test
    void recordThatDoesNotDecodeIsNamedWithFileOffsetAndLsn() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults().withSegmentSize(1024), (l, t, p) -> {})) {
            for (int i = 0; i < 30; i++) {
                append(log, new ExecutionFinished("ex-" + i, ExecutionState.COMPLETED, new byte[] {1}, 5L));
            }
            // a frame with a valid CRC whose payload is not a step: a bug, or another version's format
            log.append(RecordType.STEP_RECORDED.id(), new byte[] {0, 0, 0, 2, 'i', 'd', 0, 0});
            append(log, new ExecutionFinished("ex-last", ExecutionState.COMPLETED, new byte[] {1}, 5L));
        }
        Path bad = null;
        long offset = -1;
        for (Path s : segments(dir)) {
            for (long f : frames(s)) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(s));
                if (b.getLong((int) f + 5) == 31) {
                    bad = s;
                    offset = f;
                }
            }
        }
        Run r = verify(dir);
        assertEquals(1, r.code);
        assertOneLine(r, "LAZ-102", bad + " offset " + offset, "record lsn 31", "step-recorded", "does not decode");

        Path dir2 = tmp.resolve("j2");
        try (JournalLog log = JournalLog.open(dir2, LogOptions.defaults(), (l, t, p) -> {})) {
            append(log, new ExecutionFinished("ex", ExecutionState.COMPLETED, new byte[] {1}, 5L));
            log.append((byte) 99, new byte[] {0, 0, 0, 0});
        }
        r = verify(dir2);
        assertEquals(1, r.code);
        assertOneLine(r, "LAZ-102", "segment-0000000001.log offset ", "record lsn 2", "unknown type 99");
    }

    @Test
    void notAJournalIsABadArgument() throws Exception {
        Run r = verify(tmp.resolve("nothing-here"));
        assertEquals(2, r.code);
        assertEquals(1, r.errLines().size(), r.err);
        assertTrue(r.err.contains("no journal at"), r.err);

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "hello");
        r = verify(empty);
        assertEquals(2, r.code);
        assertTrue(r.err.contains("no segment-NNNNNNNNNN.log"), r.err);

        r = verify(journal(tmp.resolve("j"), 1), "extra-word");
        assertEquals(2, r.code);
        r = verify(journal(tmp.resolve("j2"), 1), "--frobnicate");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("unknown option --frobnicate"), r.err);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                2,
                Main.run(
                        new String[] {"verify"},
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--journal DIR is required"));
    }

    @Test
    void emptyNewJournalIsSound() {
        Path dir = tmp.resolve("j");
        JournalLog.open(dir, LogOptions.defaults(), (l, t, p) -> {}).close();
        Run r = verify(dir);
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("records:   0"), r.out);
    }

    /**
     * The owner is this very JVM, appending from several threads while verify runs again and again. Verify
     * always finds a sound journal, the owner's appends all succeed, and afterwards the owner still holds its
     * lock: another process cannot take it (on POSIX, opening and closing journal.lock in the owning process
     * would have dropped it).
     */
    @Test
    void runsBesideItsOwnerWithoutDisturbingIt() throws Exception {
        Path dir = tmp.resolve("live");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong appended = new AtomicLong();
        List<Throwable> errors = new ArrayList<>();
        JournalLog log = JournalLog.open(dir, LogOptions.defaults().withSegmentSize(4096), (l, t, p) -> {});
        try {
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int n = w;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; !stop.get(); i++) {
                            append(
                                    log,
                                    new StepRecorded(
                                            "ex-" + n,
                                            i,
                                            "Svc.call()V",
                                            "A.java:1",
                                            false,
                                            new byte[40],
                                            1L,
                                            1L,
                                            1,
                                            0));
                            appended.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int runs = 0;
            while ((runs < 15 || segments(dir).size() < 3) && System.nanoTime() < deadline) {
                Run r = verify(dir);
                assertEquals(0, r.code, "run " + runs + ": " + r.err + r.out);
                runs++;
            }
            stop.set(true);
            for (Thread t : writers) {
                t.join(30_000);
            }
            assertEquals(List.of(), errors);
            assertTrue(segments(dir).size() >= 3, "the writers rolled over to new segments while verify ran");
            assertNull(lockTakenByAnotherProcess(dir), "the owner's lock must survive verify");
        } finally {
            log.close();
        }
        long[] count = new long[1];
        JournalLog.open(dir, LogOptions.defaults(), (l, t, p) -> count[0]++).close();
        assertEquals(appended.get(), count[0], "every acknowledged append is in the journal");
        Run r = verify(dir);
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("torn tail: none"), r.out);
    }

    /** @return null if another process could not lock journal.lock, else what it printed */
    static String lockTakenByAnotherProcess(Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockProbe.class.getName(),
                        dir.resolve("journal.lock").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.equals("HELD") ? null : out;
    }
}
