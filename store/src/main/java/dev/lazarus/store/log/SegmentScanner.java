package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the records of a journal's live segments in order, from a given lsn: checks every record of the
 * segments it reads (CRC, and lsns: contiguous in a plain segment, increasing within the range of a compacted
 * one, each segment starting where the previous one's range ended), hands those at or after the lsn to a
 * visitor, builds each read segment's {@link SparseIndex}, and classifies the first bad frame: a torn tail (the
 * end of the newest plain segment, nothing valid after it: a crash cut a write) or corruption (anything else:
 * refused). Segments wholly before the lsn are not read at all (their headers were checked by
 * {@link SegmentDirectory}). It never writes; repairing a torn tail is {@link JournalLog#open}'s job.
 */
final class SegmentScanner {
    /** What a scan found. */
    static final class Result {
        long lastLsn;
        long records;
        TornTail torn;
    }

    private final LocatedRecordVisitor visitor;
    private final FrameWindow window = new FrameWindow(256 * 1024);

    private SegmentScanner(LocatedRecordVisitor visitor) {
        this.visitor = visitor;
    }

    /**
     * Scans {@code live} (as {@link SegmentDirectory#read} listed it, not empty), handing every record with an lsn
     * of at least {@code fromLsn} to the visitor. Sets the newest segment's size and last lsn to what holds valid
     * records, and gives every read segment its index.
     *
     * @param afterLsn records up to this lsn were already delivered (a retried read-only scan): not again
     * @throws JournalCorruptException on corruption, {@code LAZ-101} if a file cannot be read (with a
     *     {@link java.nio.file.NoSuchFileException} cause if it vanished)
     */
    static Result scan(List<Segment> live, long fromLsn, long afterLsn, LocatedRecordVisitor visitor) {
        return new SegmentScanner(visitor).run(live, Math.max(fromLsn, afterLsn + 1));
    }

    /** @return the index of the segment that holds {@code lsn}, or the first one after it; 0 for lsn 1 or less */
    static int segmentFor(List<Segment> live, long lsn) {
        int lo = 0;
        int hi = live.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (live.get(mid).firstLsn() <= lsn) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private Result run(List<Segment> live, long fromLsn) {
        Result res = new Result();
        int start = segmentFor(live, fromLsn);
        long expectedLsn = live.get(start).firstLsn();
        for (int i = start; i < live.size(); i++) {
            Segment seg = live.get(i);
            Path path = seg.path;
            boolean newest = i == live.size() - 1;
            if (i > start && seg.firstLsn() != expectedLsn) {
                throw SegmentDirectory.misplaced(live.get(i - 1), seg, expectedLsn);
            }
            SparseIndex index = new SparseIndex();
            try (SegmentReader r = SegmentReader.open(path)) {
                checkSameFile(r, seg);
                long fileSize = r.size();
                window.reset(r, fileSize);
                long pos = seg.header.size();
                long prev = seg.firstLsn() - 1;
                while (pos < fileSize) {
                    if (window.parse(pos, true)) {
                        long lsn = window.lsn();
                        boolean fits =
                                seg.compacted() ? lsn > prev && lsn <= seg.header.coveredThrough() : lsn == prev + 1;
                        if (!fits) {
                            throw new JournalCorruptException(
                                    path,
                                    pos,
                                    "record has lsn " + lsn + " where "
                                            + (seg.compacted()
                                                    ? "an lsn from " + (prev + 1) + " to " + seg.header.coveredThrough()
                                                    : String.valueOf(prev + 1))
                                            + " was expected (records missing, reordered or from another journal)");
                        }
                        index.maybeAdd(lsn, pos);
                        if (lsn >= fromLsn) {
                            visitor.visit(path, pos, lsn, window.type(), window.payload());
                            res.records++;
                        }
                        prev = lsn;
                        pos += window.frameSize();
                        continue;
                    }
                    String reason = window.badReason();
                    if (!newest) {
                        throw new JournalCorruptException(path, pos, reason + " in a segment that is not the newest");
                    }
                    if (seg.compacted()) {
                        // written whole and synced before it was renamed into place: a crash cannot tear it
                        throw new JournalCorruptException(path, pos, reason + " in a compacted segment");
                    }
                    long valid = window.findValidRecordAfter(pos, prev + 1);
                    if (valid >= 0) {
                        throw new JournalCorruptException(
                                path,
                                pos,
                                reason + ", and a valid record follows at offset " + valid
                                        + ", so this is not a torn write");
                    }
                    res.torn = new TornTail(path, pos, fileSize - pos, reason);
                    break;
                }
                expectedLsn = seg.compacted() ? seg.header.coveredThrough() + 1 : prev + 1;
                if (newest) {
                    seg.advance(pos, expectedLsn - 1);
                }
            } catch (IOException e) {
                throw SegmentDirectory.unreadable(path, e);
            }
            seg.setIndex(index);
        }
        res.lastLsn = expectedLsn - 1;
        return res;
    }

    /**
     * The file at the segment's path may have been replaced since its header was read (a read-only scan while the
     * application compacts): then the scan starts over. A file with the same header is the same segment, or a
     * compaction of it alone that kept a subset of its records: either reads consistently, as the reader holds
     * the file it opened.
     */
    private void checkSameFile(SegmentReader r, Segment seg) throws IOException {
        int n = seg.header.size();
        byte[] buf = new byte[n];
        if (r.size() < n) {
            throw new java.nio.file.NoSuchFileException(seg.path.toString(), null, "replaced while being read");
        }
        r.readFully(0, buf, 0, n);
        try {
            if (!SegmentHeader.decode(seg.path, seg.number(), buf, n).equals(seg.header)) {
                throw new java.nio.file.NoSuchFileException(seg.path.toString(), null, "replaced while being read");
            }
        } catch (SegmentHeader.Unreadable e) {
            throw new java.nio.file.NoSuchFileException(seg.path.toString(), null, "replaced while being read");
        }
    }
}
