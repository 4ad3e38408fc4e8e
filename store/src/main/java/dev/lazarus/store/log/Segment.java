package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment file of an open journal as the journal knows it: its header, how far it goes (bytes and last
 * lsn), its {@link SparseIndex}, and a shared {@link SegmentReader} opened on first use.
 *
 * <h2>The reader and compaction</h2>
 * A compaction renames its output over the path of its run's first segment. A reader opened by path after that
 * rename would read the new file with the old segment's index. So: a reader is used under a reference
 * ({@link #acquire}/{@link #release}); a compaction takes a reference on that segment <em>before</em> the rename
 * (opening the reader on the old file if it was not open) and gives it back only after it {@linkplain #retire()
 * retired} the segment; a retired segment opens no reader, so nobody reopens the path for it, and its reader is
 * closed when the last reference goes. Callers that find a segment retired look it up again in the journal's
 * new segment list. An idle reader (no reference) may be closed to bound the number of open files, and reopened
 * later: its path cannot have been replaced meanwhile, since the replacing compaction holds a reference.
 */
final class Segment {
    final Path path;
    final SegmentHeader header;

    /** Bytes of the file that hold complete records (for the active segment: what the writer published). */
    private volatile long size;
    /**
     * The last lsn the segment covers: for a sealed plain segment the next segment's first lsn minus one, for a
     * compacted one its covered-through lsn, for the active one the last lsn written into it.
     */
    private volatile long lastLsn;

    private volatile boolean sealed;
    /** Null until known: a segment the open did not scan gets its index on first use. */
    private volatile SparseIndex index;

    private final Object indexLock = new Object();

    // guarded by this
    private SegmentReader reader;
    private int refs;
    private boolean retired;
    private long lastUse;

    Segment(Path path, SegmentHeader header, long size, long lastLsn, boolean sealed, SparseIndex index) {
        this.path = path;
        this.header = header;
        this.size = size;
        this.lastLsn = lastLsn;
        this.sealed = sealed;
        this.index = index;
    }

    long number() {
        return header.number();
    }

    long firstLsn() {
        return header.firstLsn();
    }

    boolean compacted() {
        return header.compacted();
    }

    long size() {
        return size;
    }

    long lastLsn() {
        return lastLsn;
    }

    boolean sealed() {
        return sealed;
    }

    SparseIndex index() {
        return index;
    }

    /** Gives the segment the index a scan built while it checked every record. */
    void setIndex(SparseIndex built) {
        index = built;
    }

    /** The writer's, after a batch: how far the active segment goes. Size first, then the lsn readers go by. */
    void advance(long newSize, long newLastLsn) {
        size = newSize;
        lastLsn = newLastLsn;
    }

    /** The writer's, at a roll-over: the segment takes no more records; its range ends before {@code nextFirst}. */
    void seal(long finalSize, long nextFirstLsn) {
        size = finalSize;
        lastLsn = nextFirstLsn - 1;
        sealed = true;
    }

    /**
     * @return the segment's reader with a reference taken (give it back with {@link #release}), or {@code null} if
     *     the segment was retired by a compaction (look it up again)
     */
    synchronized SegmentReader acquire(AtomicInteger openReaders, long now) throws IOException {
        if (retired) {
            return null;
        }
        if (reader == null) {
            reader = SegmentReader.open(path);
            openReaders.incrementAndGet();
        }
        refs++;
        lastUse = now;
        return reader;
    }

    synchronized void release(AtomicInteger openReaders) {
        refs--;
        if (refs == 0 && retired) {
            closeReader(openReaders);
        }
    }

    /** Marks the segment replaced: no reader opens any more, and the open one closes with its last reference. */
    synchronized void retire(AtomicInteger openReaders) {
        retired = true;
        if (refs == 0) {
            closeReader(openReaders);
        }
    }

    synchronized boolean retired() {
        return retired;
    }

    /** @return the last use of an idle open reader, or {@code Long.MAX_VALUE} if it has none or it is in use */
    synchronized long idleSince() {
        return reader != null && refs == 0 ? lastUse : Long.MAX_VALUE;
    }

    /** Closes the reader if nobody uses it (to bound the open files); it reopens on the next use. */
    synchronized void closeIfIdle(AtomicInteger openReaders) {
        if (reader != null && refs == 0) {
            closeReader(openReaders);
        }
    }

    private void closeReader(AtomicInteger openReaders) {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // a read-only descriptor: nothing was lost
            }
            reader = null;
            openReaders.decrementAndGet();
        }
    }

    /**
     * Builds the index of a sealed segment the open did not scan, from its frame headers (no CRC: each record is
     * checked when it is read), checking the frames' lsns against the segment's range: a plain segment's run
     * from its first lsn to its last without a gap, a compacted one's increase within its range, and the last
     * frame ends the file.
     *
     * @throws JournalCorruptException if the frames do not fit
     */
    SparseIndex buildIndex(SegmentReader r, FrameWindow w) throws IOException {
        SparseIndex built = index;
        if (built != null) {
            return built;
        }
        synchronized (indexLock) { // one builder; the others wait for its result (not under this: no I/O there)
            built = index;
            if (built != null) {
                return built;
            }
            built = new SparseIndex();
            long end = size;
            w.reset(r, end);
            long pos = header.size();
            long prev = firstLsn() - 1;
            while (pos < end) {
                if (!w.parse(pos, false)) {
                    throw new JournalCorruptException(path, pos, w.badReason() + " in a sealed segment");
                }
                long lsn = w.lsn();
                boolean fits = compacted() ? lsn > prev && lsn <= lastLsn : lsn == prev + 1;
                if (!fits) {
                    throw new JournalCorruptException(
                            path,
                            pos,
                            "record has lsn " + lsn + " where "
                                    + (compacted() ? "an lsn from " + (prev + 1) + " to " + lastLsn : prev + 1)
                                    + " was expected (records missing, reordered or from another journal)");
                }
                built.maybeAdd(lsn, pos);
                prev = lsn;
                pos += w.frameSize();
            }
            if (!compacted() && prev != lastLsn) {
                throw new JournalCorruptException(
                        path,
                        end,
                        "segment ends at lsn " + prev + " but the next segment starts at lsn " + (lastLsn + 1)
                                + " (records or segments missing)");
            }
            index = built;
            return built;
        }
    }

    /** @return a description for messages */
    @Override
    public String toString() {
        return path.getFileName() + " [" + firstLsn() + ".." + lastLsn + (compacted() ? ", compacted" : "") + "]";
    }
}
