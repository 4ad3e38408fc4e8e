package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Reads the records of an open journal's live segments: one by lsn, or all from an lsn on. Finds the segment by
 * its first lsn (a binary search over the {@link SegmentMap}), the place in it through the segment's
 * {@link SparseIndex} (built on first use for a segment the open did not read), then walks frame headers to the
 * record and checks its CRC. A segment a compaction retired meanwhile is looked up again in the new map:
 * compaction keeps lsns, so the same lsn is found in the compacted segment, or not at all if it was dropped.
 */
final class SegmentRecords {
    /** Lookups of one lsn retry this often if compactions keep replacing the segment under them. */
    private static final int MAX_ATTEMPTS = 1000;

    private final Path dir;
    private final SegmentMap map;
    private final BooleanSupplier closed;
    /** One spare window, so a lookup usually allocates only the record it returns. */
    private final AtomicReference<FrameWindow> spare = new AtomicReference<>();

    SegmentRecords(Path dir, SegmentMap map, BooleanSupplier closed) {
        this.dir = dir;
        this.map = map;
        this.closed = closed;
    }

    /**
     * @param lsn an lsn that is written (the caller waited for that)
     * @return the record, or empty if there is none with that lsn (a compaction dropped it)
     */
    Optional<StoredRecord> read(long lsn) {
        FrameWindow w = window();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                checkOpen();
                List<Segment> segs = map.snapshot();
                Segment s = segs.get(SegmentScanner.segmentFor(segs, lsn));
                if (lsn < s.firstLsn() || lsn > s.lastLsn()) {
                    return Optional.empty();
                }
                SegmentReader r;
                try {
                    r = map.acquire(s);
                } catch (IOException e) {
                    if (s.retired()) {
                        continue;
                    }
                    throw SegmentDirectory.unreadable(s.path, e);
                }
                if (r == null) {
                    continue; // retired by a compaction: look it up in the new map
                }
                try {
                    long pos = start(s, r, w, lsn);
                    long limit = s.size();
                    w.reset(r, limit);
                    while (pos < limit) {
                        frame(s, w, pos, false);
                        long at = w.lsn();
                        if (at == lsn) {
                            frame(s, w, pos, true);
                            return Optional.of(new StoredRecord(lsn, w.type(), w.payload()));
                        }
                        if (at > lsn) {
                            return Optional.empty();
                        }
                        pos += w.frameSize();
                    }
                    return Optional.empty();
                } catch (IOException e) {
                    if (s.retired()) {
                        continue;
                    }
                    throw SegmentDirectory.unreadable(s.path, e);
                } finally {
                    map.release(s);
                }
            }
            throw new JournalException(
                    JournalException.IO,
                    "lsn " + lsn + " of the journal at " + dir + " could not be read: its segment was replaced "
                            + MAX_ATTEMPTS + " times while it was read");
        } finally {
            spare.set(w);
        }
    }

    /**
     * Hands every record with an lsn from {@code fromLsn} to {@code toLsn} to the visitor, in order.
     *
     * @param toLsn the last lsn to deliver (what was written when the scan began)
     */
    void scan(long fromLsn, long toLsn, RecordVisitor visitor) {
        FrameWindow w = new FrameWindow();
        long next = Math.max(fromLsn, 1);
        int restarts = 0;
        restart:
        while (next <= toLsn) {
            checkOpen();
            List<Segment> segs = map.snapshot();
            for (int i = SegmentScanner.segmentFor(segs, next); i < segs.size() && next <= toLsn; i++) {
                Segment s = segs.get(i);
                SegmentReader r = null;
                try {
                    r = map.acquire(s);
                    if (r == null) {
                        if (++restarts > MAX_ATTEMPTS) {
                            throw new JournalException(
                                    JournalException.IO,
                                    "the segments of the journal at " + dir
                                            + " kept changing while it was read; read again");
                        }
                        continue restart;
                    }
                    long pos = start(s, r, w, next);
                    long limit = s.size();
                    w.reset(r, limit);
                    while (pos < limit && next <= toLsn) {
                        frame(s, w, pos, false);
                        long lsn = w.lsn();
                        if (lsn >= next && lsn <= toLsn) {
                            frame(s, w, pos, true);
                            visitor.visit(lsn, w.type(), w.payload());
                            next = lsn + 1;
                        }
                        pos += w.frameSize();
                    }
                } catch (IOException e) {
                    if (s.retired()) {
                        continue restart;
                    }
                    throw SegmentDirectory.unreadable(s.path, e);
                } finally {
                    if (r != null) {
                        map.release(s);
                    }
                }
            }
            return;
        }
    }

    /** @return where to start walking frames for {@code lsn} in {@code s} */
    private static long start(Segment s, SegmentReader r, FrameWindow w, long lsn) throws IOException {
        SparseIndex idx = s.index();
        if (idx == null) {
            idx = s.buildIndex(r, w);
        }
        long pos = idx.floorOffset(lsn);
        return pos < 0 ? s.header.size() : pos;
    }

    private static void frame(Segment s, FrameWindow w, long pos, boolean checkCrc) throws IOException {
        if (!w.parse(pos, checkCrc)) {
            throw new JournalCorruptException(s.path, pos, w.badReason());
        }
    }

    private FrameWindow window() {
        FrameWindow w = spare.getAndSet(null);
        return w != null ? w : new FrameWindow(16 * 1024);
    }

    private void checkOpen() {
        if (closed.getAsBoolean()) {
            throw new JournalException(
                    JournalException.CLOSED,
                    "the journal at " + dir + " is closed; nothing more can be read through it");
        }
    }
}
