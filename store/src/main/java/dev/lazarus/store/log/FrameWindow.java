package dev.lazarus.store.log;

import static dev.lazarus.store.log.SegmentFormat.MAX_PAYLOAD;
import static dev.lazarus.store.log.SegmentFormat.RECORD_HEADER_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A read window over one segment file at a time, and the parser of the record frames in it: every reader of
 * records (the scan at open, {@code read(lsn)}, {@code scanFrom}, building an index, compaction) walks frames
 * through one of these.
 *
 * <p>The window is reused across records and segments and grows only to the size of a record whose length was
 * already checked against the bytes the file has and {@link SegmentFormat#MAX_PAYLOAD}: a corrupt length field
 * cannot cause a large allocation.
 */
final class FrameWindow {
    private static final int INITIAL_WINDOW = 64 * 1024;
    private static final int MAX_GROWN_WINDOW = 4 << 20;

    private final CRC32C crc = new CRC32C();
    private SegmentReader reader;
    /** Bytes of the file past this are not read (the file's size, or what the writer published of it). */
    private long limit;

    private byte[] window;
    private ByteBuffer windowBuffer;
    private long windowStart;
    private int windowLength;

    // the frame parsed last by parse()
    private int recLength;
    private byte recType;
    private long recLsn;
    private int recIndex;
    private String badReason;

    FrameWindow() {
        this(INITIAL_WINDOW);
    }

    FrameWindow(int initialWindow) {
        window = new byte[initialWindow];
        windowBuffer = ByteBuffer.wrap(window);
    }

    /** Points the window at another file (or the same one with a new limit); forgets what it held. */
    void reset(SegmentReader reader, long limit) {
        this.reader = reader;
        this.limit = limit;
        windowStart = 0;
        windowLength = 0;
    }

    long limit() {
        return limit;
    }

    /**
     * Makes bytes {@code [pos, pos + n)} available in {@link #bytes()} and returns their index there. The caller
     * guarantees {@code pos + n <= limit} and {@code n} within the record bound, so growing the window is bounded
     * by what the file really holds.
     */
    int at(long pos, int n) throws IOException {
        if (pos >= windowStart && pos + n <= windowStart + windowLength) {
            return (int) (pos - windowStart);
        }
        if (n > window.length) {
            // grow geometrically up to 4 MiB, beyond that exactly to the (already bounded) record size
            window = new byte[Math.max(n, Math.min(2 * window.length, MAX_GROWN_WINDOW))];
            windowBuffer = ByteBuffer.wrap(window);
        }
        int want = (int) Math.min(window.length, limit - pos);
        reader.readFully(pos, window, 0, want);
        windowStart = pos;
        windowLength = want;
        return 0;
    }

    byte[] bytes() {
        return window;
    }

    ByteBuffer buffer() {
        return windowBuffer;
    }

    /**
     * Parses the frame at {@code pos}. On success sets the record fields and returns {@code true}; otherwise sets
     * {@link #badReason()}. Does not check the lsn order.
     *
     * @param checkCrc whether to read the payload and check the CRC; without it only the frame header is read
     *     (building an index of a segment that was checked before)
     */
    boolean parse(long pos, boolean checkCrc) throws IOException {
        long remaining = limit - pos;
        if (remaining < RECORD_HEADER_SIZE) {
            badReason = "incomplete record header (" + remaining + " bytes before the end of the file)";
            return false;
        }
        int i = at(pos, RECORD_HEADER_SIZE);
        int length = windowBuffer.getInt(i);
        if (length < 0 || length > MAX_PAYLOAD) {
            badReason = "invalid record length " + length;
            return false;
        }
        if (length > remaining - RECORD_HEADER_SIZE) {
            badReason = "record length " + length + " runs past the end of the file";
            return false;
        }
        if (checkCrc) {
            i = at(pos, RECORD_HEADER_SIZE + length); // bounded by the file size and MAX_PAYLOAD, checked above
            if (windowBuffer.getInt(i + 13) != SegmentFormat.recordCrc(crc, window, i, length)) {
                badReason = "CRC mismatch";
                return false;
            }
        }
        recLength = length;
        recType = window[i + 4];
        recLsn = windowBuffer.getLong(i + 5);
        recIndex = i;
        return true;
    }

    /**
     * Looks at every byte offset after a bad record for a frame that checks out and could belong to this
     * journal. Finding one means the bad record is damage in the middle of the log, not a torn tail. Only
     * offsets whose lsn field is in the range records after the bad one could have are CRC-checked.
     *
     * @return the offset of the first valid frame, or -1
     */
    long findValidRecordAfter(long badPos, long expectedLsn) throws IOException {
        long maxLsn = expectedLsn + (limit - badPos) / RECORD_HEADER_SIZE;
        for (long y = badPos + 1; y <= limit - RECORD_HEADER_SIZE; y++) {
            int i = at(y, RECORD_HEADER_SIZE);
            long lsn = windowBuffer.getLong(i + 5);
            if (lsn < expectedLsn || lsn > maxLsn) {
                continue;
            }
            int length = windowBuffer.getInt(i);
            if (length < 0 || length > MAX_PAYLOAD || length > limit - y - RECORD_HEADER_SIZE) {
                continue;
            }
            i = at(y, RECORD_HEADER_SIZE + length);
            if (windowBuffer.getInt(i + 13) == SegmentFormat.recordCrc(crc, window, i, length)) {
                return y;
            }
        }
        return -1;
    }

    /** @return the payload length of the frame parsed last */
    int length() {
        return recLength;
    }

    /** @return the frame's size on disk (header and payload) of the frame parsed last */
    int frameSize() {
        return RECORD_HEADER_SIZE + recLength;
    }

    byte type() {
        return recType;
    }

    long lsn() {
        return recLsn;
    }

    String badReason() {
        return badReason;
    }

    /** @return a fresh copy of the payload of the frame parsed last (which must have been parsed with its CRC) */
    byte[] payload() {
        return Arrays.copyOfRange(window, recIndex + RECORD_HEADER_SIZE, recIndex + RECORD_HEADER_SIZE + recLength);
    }
}
