package dev.lazarus.agent.internal.retention;

import java.util.List;

/**
 * Which sealed segments the next compaction rewrites: always a prefix of the journal (its oldest segments, see
 * {@link RetentionRule} for why), the longest one in which the records no longer needed weigh at least as much as
 * those kept, so that every byte compaction copies frees at least one. A prefix whose dead bytes are fewer than
 * {@code minimumDeadBytes} is not worth a rewrite yet. A segment holding records of a deleted execution is always
 * in the prefix, whatever the rewrite costs: an operator deleted it so that its bytes leave the disk.
 */
public final class CompactionPlanner {
    /** What a pass over one sealed segment found. */
    public record SegmentUsage(long segment, long bytes, long liveBytes, long erasedBytes) {
        /**
         * @param segment the segment's number
         * @param bytes its size
         * @param liveBytes what its kept records take
         */
        public SegmentUsage(long segment, long bytes, long liveBytes) {
            this(segment, bytes, liveBytes, 0);
        }

        /** @return bytes of records no longer needed (headers included in what is kept) */
        public long deadBytes() {
            return bytes - liveBytes;
        }
    }

    private final long minimumDeadBytes;

    /** @param minimumDeadBytes the least a compaction must free to be worth running */
    public CompactionPlanner(long minimumDeadBytes) {
        this.minimumDeadBytes = minimumDeadBytes;
    }

    /**
     * @param oldestFirst the sealed segments' usage, oldest first, consecutive from the journal's first segment
     * @return how many of the oldest segments to compact (0: none)
     */
    public int prefixToCompact(List<SegmentUsage> oldestFirst) {
        long dead = 0;
        long live = 0;
        int best = 0;
        for (int i = 0; i < oldestFirst.size(); i++) {
            SegmentUsage u = oldestFirst.get(i);
            dead += u.deadBytes();
            live += u.liveBytes();
            if ((dead >= live && dead >= minimumDeadBytes) || u.erasedBytes() > 0) {
                best = i + 1;
            }
        }
        return best;
    }
}
