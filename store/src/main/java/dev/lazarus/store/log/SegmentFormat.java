package dev.lazarus.store.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk format, in one place.
 *
 * <pre>
 * segment file   segment-NNNNNNNNNN.log (10 digits, so names sort in log order)
 *   header       version 1 (32 bytes) or version 2 (44 bytes), big-endian:
 *                 0  magic "LZJL" (int)
 *                 4  format version (int)
 *                 8  segment number (long)
 *                16  first lsn (long)
 *                24  flags (int; bit 0 = compacted; version 1 calls it "reserved" and writes 0)
 *                28  CRC32C of bytes 0..27 (int)                 -- the end of a version-1 header
 *                32  covered-through lsn (long; 0 for a plain segment)
 *                40  CRC32C of bytes 0..39 (int)                 -- the end of a version-2 header
 *   records      frame after frame, no padding
 * record frame   17-byte header + payload, big-endian:
 *                length of payload (int), type (byte), lsn (long), CRC32C over (type, lsn, payload) (int),
 *                payload
 * temporary      segment-NNNNNNNNNN.log.compacting: a compaction's output before it is renamed over
 *                segment-NNNNNNNNNN.log; never part of the journal (deleted on open, ignored by scans)
 * </pre>
 *
 * <h2>Segments and lsn ranges</h2>
 * <ul>
 *   <li>A <em>plain</em> segment holds records with contiguous lsns from its first lsn. Its last lsn is the
 *       next segment's first lsn minus one, so a sealed plain segment's range is known from the headers
 *       alone; the newest (active) segment ends where its last complete record ends.</li>
 *   <li>A <em>compacted</em> segment (version 2, flag bit 0) replaces a run of sealed segments: it holds the
 *       records a compaction kept, with their original lsns, strictly increasing within [first lsn,
 *       covered-through lsn], gaps allowed. The next segment's first lsn is covered-through + 1. It takes the
 *       number of the run's first segment.</li>
 *   <li>The lowest segment always starts at lsn 1 (a compaction's output starts where its run started), and
 *       segment numbers increase with lsns. Numbers may have holes (the run's other segments are deleted);
 *       lsns have none outside compacted segments.</li>
 *   <li>A segment whose first lsn lies inside the range of a lower-numbered compacted segment is
 *       <em>superseded</em>: a leftover of a compaction that a crash interrupted after its commit. The
 *       journal deletes it when opened for writing; read-only scans skip it.</li>
 * </ul>
 *
 * <h2>Versions</h2>
 * Version 1 is the first released format; version 2 adds the compacted flag and the covered-through lsn. New
 * segments are always version 2; a journal whose newest segment is version 1 rolls over to a version-2 segment
 * before its first append, so a record of a newer kind never sits in a version-1 segment. Every version keeps
 * the magic, the version and a CRC32C of the first 28 bytes at offset 28, where version 1 has its CRC: a reader
 * of an older version therefore reaches its version check and refuses a newer segment as a newer format
 * ({@code LAZ-107}, naming both versions) instead of calling it damaged.
 *
 * <p>The lsn inside every record and the first lsn in every header let a reader prove that no record and
 * no segment is missing or out of place; the segment number in the header catches renamed files.
 */
final class SegmentFormat {
    static final int MAGIC = 0x4C5A4A4C; // "LZJL"
    /** The first released format: 32-byte header, plain segments only. */
    static final int VERSION_1 = 1;
    /** Compacted segments: 44-byte header with flags and the covered-through lsn. */
    static final int VERSION_2 = 2;
    /** The version this code writes; it reads every version from 1 to this one. */
    static final int CURRENT_VERSION = VERSION_2;

    static final int V1_HEADER_SIZE = 32;
    static final int V2_HEADER_SIZE = 44;
    /** The size of the header of the current version, as new segments have it. */
    static final int SEGMENT_HEADER_SIZE = V2_HEADER_SIZE;
    /** The largest header of any version this code reads; a newest file no longer than this with a bad header is a cut roll-over. */
    static final int MAX_HEADER_SIZE = V2_HEADER_SIZE;
    /** Bytes 0..27 are covered by the CRC at offset 28 in every version. */
    static final int COMMON_CRC_OFFSET = 28;

    static final int FLAG_COMPACTED = 1;

    static final int RECORD_HEADER_SIZE = 17;
    /** The largest payload; also the bound a reader applies before allocating for a length field. */
    static final int MAX_PAYLOAD = 64 << 20;

    static final String LOCK_FILE = "journal.lock";
    static final String COMPACTING_SUFFIX = ".compacting";

    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";
    private static final int DIGITS = 10;

    private SegmentFormat() {}

    static String segmentName(long number) {
        String n = Long.toString(number);
        StringBuilder sb = new StringBuilder(PREFIX.length() + DIGITS + SUFFIX.length()).append(PREFIX);
        for (int i = n.length(); i < DIGITS; i++) {
            sb.append('0');
        }
        return sb.append(n).append(SUFFIX).toString();
    }

    static Path segmentPath(Path dir, long number) {
        return dir.resolve(segmentName(number));
    }

    /** @return where a compaction writes the segment {@code number} before renaming it into place */
    static Path compactingPath(Path dir, long number) {
        return dir.resolve(segmentName(number) + COMPACTING_SUFFIX);
    }

    /** @return the segment number a file name stands for, or -1 if it is not a segment file name */
    static long parseSegmentNumber(String name) {
        if (name.length() != PREFIX.length() + DIGITS + SUFFIX.length()
                || !name.startsWith(PREFIX)
                || !name.endsWith(SUFFIX)) {
            return -1;
        }
        long n = 0;
        for (int i = PREFIX.length(); i < PREFIX.length() + DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** @return whether a file name is a compaction's temporary output */
    static boolean isCompactingName(String name) {
        return name.endsWith(COMPACTING_SUFFIX)
                && parseSegmentNumber(name.substring(0, name.length() - COMPACTING_SUFFIX.length())) >= 0;
    }

    /** @return the header of a new plain segment, ready to write (position 0, limit 44) */
    static ByteBuffer encodeHeader(long segmentNumber, long firstLsn) {
        return encodeHeader(segmentNumber, firstLsn, 0, 0);
    }

    /** @return the header of a compacted segment covering [firstLsn, coveredThrough], ready to write */
    static ByteBuffer encodeCompactedHeader(long segmentNumber, long firstLsn, long coveredThrough) {
        return encodeHeader(segmentNumber, firstLsn, coveredThrough, FLAG_COMPACTED);
    }

    private static ByteBuffer encodeHeader(long segmentNumber, long firstLsn, long coveredThrough, int flags) {
        ByteBuffer b = ByteBuffer.allocate(V2_HEADER_SIZE);
        b.putInt(MAGIC)
                .putInt(VERSION_2)
                .putLong(segmentNumber)
                .putLong(firstLsn)
                .putInt(flags);
        b.putInt(crc(b.array(), 0, COMMON_CRC_OFFSET));
        b.putLong(coveredThrough);
        b.putInt(crc(b.array(), 0, V2_HEADER_SIZE - 4));
        return b.flip();
    }

    /** @return a version-1 header, as the first released format wrote it (for reading old journals in tests) */
    static ByteBuffer encodeVersion1Header(long segmentNumber, long firstLsn) {
        ByteBuffer b = ByteBuffer.allocate(V1_HEADER_SIZE);
        b.putInt(MAGIC)
                .putInt(VERSION_1)
                .putLong(segmentNumber)
                .putLong(firstLsn)
                .putInt(0);
        b.putInt(crc(b.array(), 0, COMMON_CRC_OFFSET));
        return b.flip();
    }

    /** CRC32C of {@code length} bytes of {@code a} from {@code off}. */
    static int crc(byte[] a, int off, int length) {
        CRC32C crc = new CRC32C();
        crc.update(a, off, length);
        return (int) crc.getValue();
    }

    /** CRC32C over (type, lsn, payload) of a frame laid out in {@code a} starting at {@code off}. */
    static int recordCrc(CRC32C crc, byte[] a, int off, int payloadLength) {
        crc.reset();
        crc.update(a, off + 4, 9);
        crc.update(a, off + RECORD_HEADER_SIZE, payloadLength);
        return (int) crc.getValue();
    }

    /** Frames one record into the heap buffer {@code out} (which must have room), computing its CRC. */
    static void frame(ByteBuffer out, CRC32C crc, long lsn, byte type, byte[] payload) {
        int start = out.position();
        out.putInt(payload.length).put(type).putLong(lsn);
        crc.reset();
        crc.update(out.array(), out.arrayOffset() + start + 4, 9);
        crc.update(payload, 0, payload.length);
        out.putInt((int) crc.getValue()).put(payload);
    }
}
