package dev.lazarus.store.log;

import java.util.List;

/**
 * What a compaction ({@link JournalLog#compact}) did.
 *
 * @param segment the number of the compacted segment that replaced the run (the run's first segment's number)
 * @param removedSegments the numbers of the run's other segments, deleted
 * @param firstLsn the first lsn of the range the compacted segment covers
 * @param coveredThroughLsn the last lsn of that range
 * @param recordsKept how many records were kept
 * @param recordsDropped how many records were dropped
 * @param bytesBefore the run's total size in bytes
 * @param bytesAfter the compacted segment's size in bytes
 */
public record CompactionResult(
        long segment,
        List<Long> removedSegments,
        long firstLsn,
        long coveredThroughLsn,
        long recordsKept,
        long recordsDropped,
        long bytesBefore,
        long bytesAfter) {
    /**
     * @param segment the compacted segment's number
     * @param removedSegments the deleted segments' numbers (copied)
     * @param firstLsn the first lsn of the covered range
     * @param coveredThroughLsn the last lsn of the covered range
     * @param recordsKept records kept
     * @param recordsDropped records dropped
     * @param bytesBefore the run's size
     * @param bytesAfter the output's size
     */
    public CompactionResult {
        removedSegments = List.copyOf(removedSegments);
    }

    /** @return the bytes the compaction freed */
    public long bytesReclaimed() {
        return bytesBefore - bytesAfter;
    }
}
