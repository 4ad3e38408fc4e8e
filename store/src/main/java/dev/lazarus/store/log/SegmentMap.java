package dev.lazarus.store.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live segments of an open journal, in lsn order, as an immutable list replaced whole (copy on write): the
 * writer appends a segment when it rolls over, a compaction replaces a run of sealed segments with its output.
 * Readers take the current list without a lock and look a segment up again if they find it retired. Changes
 * are made under this object's monitor, which is held only to swap the list (never during I/O), so neither
 * the writer nor a compaction ever waits for the other's I/O.
 *
 * <p>It also bounds the segment files kept open for reading: past {@link #MAX_OPEN_READERS}, the reader idle
 * the longest is closed (it reopens on its next use).
 */
final class SegmentMap {
    static final int MAX_OPEN_READERS = 32;

    private volatile List<Segment> segments;
    private final AtomicInteger openReaders = new AtomicInteger();

    SegmentMap(List<Segment> initial) {
        segments = Collections.unmodifiableList(new ArrayList<>(initial));
    }

    /** @return the current live segments, oldest first; the last one is the active segment */
    List<Segment> snapshot() {
        return segments;
    }

    /** The writer's roll-over: {@code next} becomes the active segment (the previous one was sealed). */
    synchronized void add(Segment next) {
        List<Segment> l = new ArrayList<>(segments.size() + 1);
        l.addAll(segments);
        l.add(next);
        segments = Collections.unmodifiableList(l);
    }

    /**
     * Replaces the run (consecutive segments, by identity) with {@code replacement}. Only the writer changes the
     * list otherwise, and only at its end, so the run is still where the compaction found it.
     */
    synchronized void replace(List<Segment> run, Segment replacement) {
        List<Segment> cur = segments;
        int at = cur.indexOf(run.get(0));
        if (at < 0
                || at + run.size() > cur.size()
                || !cur.subList(at, at + run.size()).equals(run)) {
            throw new IllegalStateException("the compacted run is no longer in the segment list");
        }
        List<Segment> l = new ArrayList<>(cur.size() - run.size() + 1);
        l.addAll(cur.subList(0, at));
        l.add(replacement);
        l.addAll(cur.subList(at + run.size(), cur.size()));
        segments = Collections.unmodifiableList(l);
    }

    /**
     * @return the segment's reader with a reference taken, or {@code null} if the segment was retired (look it up
     *     again in a new {@link #snapshot()})
     * @throws IOException if the file cannot be opened
     */
    SegmentReader acquire(Segment s) throws IOException {
        SegmentReader r = s.acquire(openReaders, System.nanoTime());
        if (r != null && openReaders.get() > MAX_OPEN_READERS) {
            closeIdlest(s);
        }
        return r;
    }

    void release(Segment s) {
        s.release(openReaders);
    }

    void retire(Segment s) {
        s.retire(openReaders);
    }

    /** @return how many segment files are open for reading (for tests) */
    int openReaders() {
        return openReaders.get();
    }

    private void closeIdlest(Segment except) {
        while (openReaders.get() > MAX_OPEN_READERS) {
            Segment idlest = null;
            long since = Long.MAX_VALUE;
            for (Segment s : segments) {
                long t = s == except ? Long.MAX_VALUE : s.idleSince();
                if (t != Long.MAX_VALUE && (idlest == null || t - since < 0)) {
                    idlest = s;
                    since = t;
                }
            }
            if (idlest == null) {
                return; // all in use
            }
            idlest.closeIfIdle(openReaders);
        }
    }

    /** Closes every reader (the journal is closing; nobody reads any more). */
    void closeAll() {
        for (Segment s : segments) {
            s.retire(openReaders);
        }
    }
}
