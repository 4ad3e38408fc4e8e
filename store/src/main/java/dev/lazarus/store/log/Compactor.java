package dev.lazarus.store.log;

import static dev.lazarus.store.log.SegmentFormat.RECORD_HEADER_SIZE;
import static dev.lazarus.store.log.SegmentFormat.V2_HEADER_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

/**
 * Compacts a run of consecutive sealed segments [a..b] of an open journal into one compacted segment that takes
 * the number of a. The commit protocol, each step a fault point of the reliability suite:
 * <ol>
 *   <li>copy the records {@code keep} accepts (same lsn, type, payload; frame CRC recomputed) into
 *       {@code segment-a.log.compacting}, after a version-2 header marked compacted, covering [a's first lsn,
 *       b's last lsn]; sync it and close it;</li>
 *   <li>rename it over {@code segment-a.log}; sync the directory. This is the commit: from here on the
 *       directory holds the compacted segment, and a..b's other segments are superseded (their first lsns lie
 *       in its range);</li>
 *   <li>publish the new segment list (readers move to the new segment), delete a+1..b, sync the directory.</li>
 * </ol>
 * A crash before the commit leaves the old run and at most a {@code .compacting} file, which the next open
 * deletes; after it, the compacted segment and maybe some superseded segments, which the next open deletes.
 * Nothing is lost and nothing is there twice. The appending writer is never involved: only sealed segments are
 * read, the active segment and the append lock are never touched, and the segment list is swapped under its own
 * short lock.
 *
 * <p>A failed operation is reported ({@code LAZ-101}) and does not stop the journal: before the commit the
 * output is deleted and the journal is as it was; after it, the compacted segment is in use, and what could not
 * be deleted is deleted at the next open.
 */
final class Compactor {
    private static final int CHUNK = 256 * 1024;

    private final Path dir;
    private final LogFileOpener opener;
    private final SegmentMap map;
    private final BooleanSupplier closing;

    Compactor(Path dir, LogFileOpener opener, SegmentMap map, BooleanSupplier closing) {
        this.dir = dir;
        this.opener = opener;
        this.map = map;
        this.closing = closing;
    }

    /** Compacts {@code run} (consecutive sealed segments of the map, checked by the caller; one at a time). */
    CompactionResult compact(List<Segment> run, RecordFilter keep) {
        Segment a = run.get(0);
        Segment b = run.get(run.size() - 1);
        long first = a.firstLsn();
        long covered = b.lastLsn();
        Path temp = SegmentFormat.compactingPath(dir, a.number());
        String what = "segments " + a.number() + " to " + b.number() + " of the journal at " + dir;
        long bytesBefore = 0;
        for (Segment s : run) {
            bytesBefore += s.size();
        }

        // 1. the output, beside the run
        SparseIndex index = new SparseIndex();
        long kept = 0;
        long dropped = 0;
        long outBytes;
        Step step = new Step();
        LogFile out = null;
        try {
            if (Files.exists(temp)) {
                step.at("deleting the leftover", temp);
                opener.delete(temp);
            }
            step.at("creating", temp);
            out = opener.open(temp, true);
            step.at("writing", temp);
            out.write(SegmentFormat.encodeCompactedHeader(a.number(), first, covered));
            outBytes = V2_HEADER_SIZE;
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            CRC32C crc = new CRC32C();
            FrameWindow w = new FrameWindow(CHUNK);
            for (Segment s : run) {
                SegmentReader r = map.acquire(s);
                if (r == null) {
                    throw new IllegalStateException(s + " was retired while it was compacted");
                }
                try {
                    step.at("reading", s.path);
                    long limit = s.size();
                    w.reset(r, limit);
                    long pos = s.header.size();
                    long prev = s.firstLsn() - 1;
                    while (pos < limit) {
                        if (closing.getAsBoolean()) {
                            throw new JournalException(
                                    JournalException.CLOSED,
                                    "the compaction of " + what
                                            + " stopped because the journal is closing; the journal is unchanged");
                        }
                        if (!w.parse(pos, true)) {
                            throw new JournalCorruptException(s.path, pos, w.badReason() + " in a sealed segment");
                        }
                        long lsn = w.lsn();
                        if (s.compacted() ? lsn <= prev || lsn > s.lastLsn() : lsn != prev + 1) {
                            throw new JournalCorruptException(
                                    s.path,
                                    pos,
                                    "record has lsn " + lsn + " after lsn " + prev
                                            + " (records missing, reordered or from another journal)");
                        }
                        prev = lsn;
                        byte type = w.type();
                        byte[] payload = w.payload();
                        pos += w.frameSize();
                        if (!keep.keep(lsn, type, payload)) {
                            dropped++;
                            continue;
                        }
                        int frame = RECORD_HEADER_SIZE + payload.length;
                        if (buf.remaining() < frame) {
                            step.at("writing", temp);
                            outBytes += flush(out, buf);
                            if (buf.capacity() < frame) {
                                buf = ByteBuffer.allocate(frame);
                            }
                        }
                        index.maybeAdd(lsn, outBytes + buf.position());
                        SegmentFormat.frame(buf, crc, lsn, type, payload);
                        kept++;
                    }
                    if (!s.compacted() && prev != s.lastLsn()) {
                        throw new JournalCorruptException(
                                s.path,
                                limit,
                                "segment ends at lsn " + prev + " but the next segment starts at lsn "
                                        + (s.lastLsn() + 1) + " (records or segments missing)");
                    }
                } finally {
                    map.release(s);
                }
            }
            step.at("writing", temp);
            outBytes += flush(out, buf);
            step.at("syncing", temp);
            out.force(true);
            step.at("closing", temp);
            LogFile o = out;
            out = null;
            o.close();
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(out);
            try {
                if (Files.exists(temp)) {
                    opener.delete(temp);
                }
            } catch (IOException | RuntimeException ignored) {
                // the next open deletes it
            }
            if (e instanceof IOException) {
                throw failed(what, step, (IOException) e, "the journal is unchanged");
            }
            throw sneaky(e);
        }

        // 2. the commit: the output takes the first segment's name. The old file stays open for whoever reads
        // that segment until the new segment list is published (see Segment).
        SegmentHeader header = new SegmentHeader(a.number(), SegmentFormat.VERSION_2, first, covered, 1);
        Segment compacted = new Segment(a.path, header, outBytes, covered, true, index);
        try {
            if (map.acquire(a) == null) {
                throw new IllegalStateException(a + " was retired while it was compacted");
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof IOException) {
                throw failed(what, step.at("opening", a.path), (IOException) e, "the journal is unchanged");
            }
            throw (RuntimeException) e;
        }
        try {
            try {
                step.at("renaming", temp);
                opener.rename(temp, a.path);
            } catch (IOException e) {
                if (Files.exists(temp)) {
                    deleteQuietly(temp);
                    throw failed(what, step, e, "the journal is unchanged");
                }
                // the rename happened even though it reported a failure: go on as after it, but stop there
                publish(run, compacted);
                throw failed(what, step, e, LEFTOVERS);
            }
            try {
                step.at("syncing the directory", dir);
                opener.syncDirectory(dir);
            } catch (IOException e) {
                // the rename may or may not be durable: never delete the old segments before it is
                publish(run, compacted);
                throw failed(what, step, e, LEFTOVERS);
            }
            publish(run, compacted);
        } finally {
            map.release(a);
        }

        // 3. the superseded segments go
        List<Long> removed = new ArrayList<>();
        try {
            for (Segment s : run.subList(1, run.size())) {
                step.at("deleting", s.path);
                opener.delete(s.path);
                removed.add(s.number());
            }
            step.at("syncing the directory", dir);
            opener.syncDirectory(dir);
        } catch (IOException e) {
            throw failed(what, step, e, LEFTOVERS);
        }
        return new CompactionResult(a.number(), removed, first, covered, kept, dropped, bytesBefore, outBytes);
    }

    private static final String LEFTOVERS =
            "the compacted segment is in place, and the segments it replaced are deleted when the journal is next"
                    + " opened";

    private void publish(List<Segment> run, Segment compacted) {
        map.replace(run, compacted);
        for (Segment s : run) {
            map.retire(s);
        }
    }

    private static long flush(LogFile out, ByteBuffer buf) throws IOException {
        buf.flip();
        long n = buf.remaining();
        if (n > 0) {
            out.write(buf);
        }
        buf.clear();
        return n;
    }

    private static JournalException failed(String what, Step step, IOException e, String state) {
        return new JournalException(
                JournalException.IO,
                "the compaction of " + what + " failed " + step.doing + " " + step.path + ": " + e + "; " + state,
                e);
    }

    private void deleteQuietly(Path p) {
        try {
            opener.delete(p);
        } catch (IOException | RuntimeException ignored) {
            // the next open deletes it
        }
    }

    private static void closeQuietly(LogFile f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException ignored) {
                // abandoned
            }
        }
    }

    /** Rethrows {@code t} as it is (an unchecked exception or error, or a checked one a lambda threw). */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** What the compaction was doing, for its failure message. */
    private static final class Step {
        String doing = "starting";
        Path path;

        Step at(String doing, Path path) {
            this.doing = "while " + doing;
            this.path = path;
            return this;
        }
    }
}
