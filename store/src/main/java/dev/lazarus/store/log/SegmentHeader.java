package dev.lazarus.store.log;

import static dev.lazarus.store.log.SegmentFormat.COMMON_CRC_OFFSET;
import static dev.lazarus.store.log.SegmentFormat.CURRENT_VERSION;
import static dev.lazarus.store.log.SegmentFormat.FLAG_COMPACTED;
import static dev.lazarus.store.log.SegmentFormat.MAGIC;
import static dev.lazarus.store.log.SegmentFormat.V1_HEADER_SIZE;
import static dev.lazarus.store.log.SegmentFormat.V2_HEADER_SIZE;
import static dev.lazarus.store.log.SegmentFormat.VERSION_1;
import static dev.lazarus.store.log.SegmentFormat.VERSION_2;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A segment header as read from disk (layout in {@link SegmentFormat}).
 *
 * @param number the segment number
 * @param version the format version, 1 or 2
 * @param firstLsn the first lsn the segment covers
 * @param coveredThrough the last lsn a compacted segment covers; 0 for a plain one
 * @param flags the flag bits (version 2), 0 for version 1
 */
record SegmentHeader(long number, int version, long firstLsn, long coveredThrough, int flags) {
    /** @return the header's size in bytes: where the first record starts */
    int size() {
        return version == VERSION_1 ? V1_HEADER_SIZE : V2_HEADER_SIZE;
    }

    /** @return whether the segment is a compaction's output (lsn gaps allowed, range in the header) */
    boolean compacted() {
        return (flags & FLAG_COMPACTED) != 0;
    }

    /**
     * Damage to a header that a torn write can explain (too short, bad magic, bad CRC). Whether it is one is for
     * the caller to say: only the newest segment's header can be torn, and only if the file holds no more than a
     * header.
     */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String problem) {
            super(problem, null, false, false);
        }
    }

    /**
     * Decodes the header at the start of {@code a} ({@code available} bytes of the file, at least as many as the
     * largest header if the file has them).
     *
     * @param path the file, for messages
     * @param fileNumber the segment number the file name says
     * @throws Unreadable for damage a torn write can explain
     * @throws JournalException {@code LAZ-107} for a version this code does not read
     * @throws JournalCorruptException for a well-formed header that does not fit (wrong number, bad flags)
     */
    static SegmentHeader decode(Path path, long fileNumber, byte[] a, int available) throws Unreadable {
        if (available < V1_HEADER_SIZE) {
            throw new Unreadable("incomplete segment header (" + available + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(a, 0, available);
        if (b.getInt(0) != MAGIC) {
            throw new Unreadable("not a Lazarus journal segment (bad magic number)");
        }
        if (b.getInt(COMMON_CRC_OFFSET) != SegmentFormat.crc(a, 0, COMMON_CRC_OFFSET)) {
            throw new Unreadable("segment header CRC mismatch");
        }
        int version = b.getInt(4);
        if (version != VERSION_1 && version != VERSION_2) {
            throw new JournalException(
                    JournalException.VERSION,
                    "journal segment " + path + " has format version " + version
                            + " but this Lazarus reads format versions " + VERSION_1 + " to " + CURRENT_VERSION
                            + "; use a Lazarus version that reads format " + version
                            + " (the one that wrote the journal, or newer)");
        }
        long coveredThrough = 0;
        int flags = 0;
        if (version == VERSION_2) {
            if (available < V2_HEADER_SIZE) {
                throw new Unreadable("incomplete segment header (" + available + " bytes)");
            }
            if (b.getInt(V2_HEADER_SIZE - 4) != SegmentFormat.crc(a, 0, V2_HEADER_SIZE - 4)) {
                throw new Unreadable("segment header CRC mismatch");
            }
            flags = b.getInt(24);
            coveredThrough = b.getLong(32);
        }
        long number = b.getLong(8);
        if (number != fileNumber) {
            throw new JournalCorruptException(
                    path,
                    0,
                    "segment header says segment " + number + " but the file name says " + fileNumber
                            + " (segment files renamed or swapped?)");
        }
        long firstLsn = b.getLong(16);
        if (firstLsn < 1) {
            throw new JournalCorruptException(path, 0, "segment header has first lsn " + firstLsn);
        }
        if ((flags & ~FLAG_COMPACTED) != 0) {
            throw new JournalCorruptException(path, 0, "segment header has unknown flags " + flags);
        }
        SegmentHeader h = new SegmentHeader(number, version, firstLsn, coveredThrough, flags);
        if (h.compacted() ? coveredThrough < firstLsn - 1 : coveredThrough != 0) {
            throw new JournalCorruptException(
                    path,
                    0,
                    "segment header covers lsns " + firstLsn + " to " + coveredThrough
                            + (h.compacted() ? "" : " but is not marked compacted"));
        }
        return h;
    }
}
