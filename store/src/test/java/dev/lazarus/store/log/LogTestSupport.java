package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Shared helpers for the journal log tests: real files, no mocks of the disk. Public for the reliability
 * suite, which otherwise uses only the store's public API.
 */
public final class LogTestSupport {
    private LogTestSupport() {}

    /** One record as a visitor saw it. */
    public record Rec(long lsn, byte type, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A visitor that collects what it sees. */
    public static final class Collector implements RecordVisitor {
        public final List<Rec> records = new ArrayList<>();

        @Override
        public void visit(long lsn, byte type, byte[] payload) {
            records.add(new Rec(lsn, type, payload));
        }

        public List<String> texts() {
            return records.stream().map(Rec::text).toList();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static LogOptions small() {
        return LogOptions.defaults().withSegmentSize(1024);
    }

    /** Opens, collects what the open saw, and returns the log. */
    static JournalLog open(Path dir, LogOptions o, Collector c) {
        return JournalLog.open(dir, o, c);
    }

    /** Reopens the journal, collects every record and closes it again. */
    static Collector reopen(Path dir) {
        Collector c = new Collector();
        JournalLog.open(dir, LogOptions.defaults(), c).close();
        return c;
    }

    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p ->
                            SegmentFormat.parseSegmentNumber(p.getFileName().toString()) >= 0)
                    .sorted()
                    .toList();
        }
    }

    /** Overwrites bytes of a file at an offset. */
    static void poke(Path file, long offset, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b, offset + b.position());
            }
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        poke(file, offset, new byte[] {(byte) (all[(int) offset] ^ 0x5A)});
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    /** Byte offsets of every record frame in a segment file, parsed independently of the scanner. */
    static List<Long> recordOffsets(Path segment) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> out = new ArrayList<>();
        int pos = SegmentFormat.SEGMENT_HEADER_SIZE;
        while (pos + SegmentFormat.RECORD_HEADER_SIZE <= b.limit()) {
            out.add((long) pos);
            pos += SegmentFormat.RECORD_HEADER_SIZE + b.getInt(pos);
        }
        return out;
    }

    static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    /**
     * The fault-injection seam as tests use it: wraps the standard files, counts operations and lets a
     * test decide, per call, to throw.
     */
    static class FaultyOpener implements LogFileOpener {
        final AtomicInteger forces = new AtomicInteger();
        final AtomicInteger dataForces = new AtomicInteger(); // force(false): the per-batch fdatasync
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger creates = new AtomicInteger();

        /** Called before each write; throw to inject a failure. */
        void beforeWrite(int n) throws IOException {}

        /** Called before each force; throw to inject a failure. */
        void beforeForce(int n, boolean metadata) throws IOException {}

        /** Called before each new segment file is created; throw to inject a failure. */
        void beforeCreate(int n, Path file) throws IOException {}

        @Override
        public LogFile open(Path file, boolean create) throws IOException {
            if (create) {
                beforeCreate(creates.incrementAndGet(), file);
            }
            return new ForwardingLogFile(LogFileOpener.standard().open(file, create)) {
                @Override
                public long write(ByteBuffer... srcs) throws IOException {
                    beforeWrite(writes.incrementAndGet());
                    return super.write(srcs);
                }

                @Override
                public void force(boolean metadata) throws IOException {
                    int n = forces.incrementAndGet();
                    if (!metadata) {
                        dataForces.incrementAndGet();
                    }
                    beforeForce(n, metadata);
                    super.force(metadata);
                }
            };
        }
    }
}
