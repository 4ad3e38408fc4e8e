package dev.lazarus.store.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk format, in one place.
 *
 * <pre>
 * segment file  segment-NNNNNNNNNN.log (10 digits, so names sort in log order)
 *   header      32 bytes: magic "LZJL" (int), format version (int), segment number (long),
 *               first lsn (long), reserved (int, 0), CRC32C of the preceding 28 bytes (int)
 *   records     frame after frame, no padding
 * record frame  17-byte header + payload, big-endian:
 *               length of payload (int), type (byte), lsn (long), CRC32C over (type, lsn, payload) (int),
 *               payload
 * </pre>
 *
 * The lsn inside every record and the first lsn in every header let a reader prove that no record and
 * no segment is missing or out of place; the segment number in the header catches renamed files.
 */
final class SegmentFormat {
    static final int MAGIC = 0x4C5A4A4C; // "LZJL"
    static final int VERSION = 1;
    static final int SEGMENT_HEADER_SIZE = 32;
    static final int RECORD_HEADER_SIZE = 17;
    /** The largest payload; also the bound a reader applies before allocating for a length field. */
    static final int MAX_PAYLOAD = 64 << 20;

    static final String LOCK_FILE = "journal.lock";

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

    /** @return a header ready to write (position 0, limit 32) */
    static ByteBuffer encodeHeader(long segmentNumber, long firstLsn) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_SIZE);
        b.putInt(MAGIC).putInt(VERSION).putLong(segmentNumber).putLong(firstLsn).putInt(0);
        b.putInt(headerCrc(b.array(), 0));
        return b.flip();
    }

    /** CRC32C of the 28 header bytes before the CRC field, starting at {@code off}. */
    static int headerCrc(byte[] a, int off) {
        CRC32C crc = new CRC32C();
        crc.update(a, off, SEGMENT_HEADER_SIZE - 4);
        return (int) crc.getValue();
    }

    /** CRC32C over (type, lsn, payload) of a frame laid out in {@code a} starting at {@code off}. */
    static int recordCrc(CRC32C crc, byte[] a, int off, int payloadLength) {
        crc.reset();
        crc.update(a, off + 4, 9);
        crc.update(a, off + RECORD_HEADER_SIZE, payloadLength);
        return (int) crc.getValue();
    }
}
