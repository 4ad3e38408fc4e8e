package dev.lazarus.store.log;

import java.nio.file.Path;

/**
 * What {@link JournalLog#segments()} tells about one segment file: enough for statistics and for choosing what
 * to compact.
 *
 * @param number the segment number (numbers increase with lsns; compaction leaves holes)
 * @param file the segment file
 * @param firstLsn the first lsn the segment covers
 * @param lastLsn the last lsn it covers: for a compacted segment the end of the range it replaced (records
 *     below it may be missing), for the active segment the last lsn written into it ({@code firstLsn - 1} while
 *     it is empty)
 * @param bytes the size of the file (for the active segment: what is written)
 * @param sealed whether the writer has moved on to a later segment; only sealed segments can be compacted
 * @param compacted whether the segment is a compaction's output
 * @param version the segment's format version (1: the first released format, 2: the current one)
 */
public record SegmentInfo(
        long number,
        Path file,
        long firstLsn,
        long lastLsn,
        long bytes,
        boolean sealed,
        boolean compacted,
        int version) {}
