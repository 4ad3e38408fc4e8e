package dev.lazarus.store.log;

import java.util.Arrays;

/**
 * Where records of one segment start: an (lsn, byte offset) pair about every {@link #STRIDE} bytes, so finding
 * a record by lsn reads at most about that much of the file. About 16 bytes per 64 KiB of segment (16 KiB for
 * a full 64 MiB segment).
 *
 * <p>One writer at a time adds entries in increasing lsn and offset order (the journal's writer for the active
 * segment, the scan at open, an index build or a compaction for the others); any number of readers look up
 * concurrently. An entry is written before the count that makes it visible (a volatile write), and a grown
 * array is a copy published before that count, so a reader that sees the count sees the entry.
 */
final class SparseIndex {
    /** Bytes of records between two entries (at least; an entry marks the first frame past the stride). */
    static final int STRIDE = 64 * 1024;

    /** lsn at 2i, offset at 2i+1. */
    private volatile long[] pairs = new long[16];

    private volatile int count;

    /** The writer's: the offset of the last entry, or -1. */
    private long lastOffset = -1;

    /**
     * Records that the frame of {@code lsn} starts at {@code offset}, if it is the first entry or at least a
     * stride past the last one. Single writer.
     */
    void maybeAdd(long lsn, long offset) {
        if (lastOffset >= 0 && offset - lastOffset < STRIDE) {
            return;
        }
        int n = count;
        long[] p = pairs;
        if (2 * n + 2 > p.length) {
            p = Arrays.copyOf(p, p.length * 2);
            pairs = p;
        }
        p[2 * n] = lsn;
        p[2 * n + 1] = offset;
        lastOffset = offset;
        count = n + 1;
    }

    /**
     * @return the offset of the last entry whose lsn is at most {@code lsn}, or {@code -1} if there is none (the
     *     lsn comes before the first record the index knows)
     */
    long floorOffset(long lsn) {
        int n = count; // read before the array: the array then holds at least n entries
        long[] p = pairs;
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (p[2 * mid] <= lsn) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? -1 : p[2 * found + 1];
    }

    /** @return how many entries the index has */
    int size() {
        return count;
    }
}
