package dev.lazarus.store.log;

import static dev.lazarus.store.log.SegmentFormat.MAGIC;
import static dev.lazarus.store.log.SegmentFormat.MAX_PAYLOAD;
import static dev.lazarus.store.log.SegmentFormat.RECORD_HEADER_SIZE;
import static dev.lazarus.store.log.SegmentFormat.SEGMENT_HEADER_SIZE;
import static dev.lazarus.store.log.SegmentFormat.VERSION;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads every segment of a journal in order, checks every header and record, hands valid records to a
 * visitor and classifies the first bad one: a torn tail (the end of the newest segment, nothing valid
 * after it: a crash cut a write) or corruption (anything else: refused). It never writes; repairing a
 * torn tail is {@link JournalLog#open}'s job.
 *
 * <p>Reads go through one window buffer that is reused across records and segments and grows only to
 * the size of a record whose length was already checked against the file size and
 * {@link SegmentFormat#MAX_PAYLOAD}: a corrupt length field cannot cause a large allocation.
 */
final class SegmentScanner {
    private static final int INITIAL_WINDOW = 256 * 1024;

    /** What a scan found. */
    static final class Result {
        /** Valid segments in order (a dropped torn-header segment is not among them). */
        final List<Path> segments = new ArrayList<>();

        long newestNumber; // 0 if there is no valid segment
        long lastLsn;
        long records;
        TornTail torn;
        boolean tornHeader; // the torn tail is a whole segment whose header never became complete

        RecoveryReport report() {
            return new RecoveryReport(segments.size(), records, lastLsn, java.util.Optional.ofNullable(torn));
        }
    }

    private final Path dir;
    private final LocatedRecordVisitor visitor;
    private final CRC32C crc = new CRC32C();

    // the read window over the current segment
    private FileChannel channel;
    private long fileSize;
    private byte[] window = new byte[INITIAL_WINDOW];
    private ByteBuffer windowBuffer = ByteBuffer.wrap(window);
    private long windowStart;
    private int windowLength;

    // the record parsed last by parse()
    private int recLength;
    private byte recType;
    private long recLsn;
    private int recIndex;
    private String badReason;
    private String headerProblem;

    private SegmentScanner(Path dir, LocatedRecordVisitor visitor) {
        this.dir = dir;
        this.visitor = visitor;
    }

    /**
     * Scans the journal in {@code dir}.
     *
     * @throws JournalCorruptException on corruption, {@code LAZ-107} on an unknown format version,
     *     {@code LAZ-101} if a file cannot be read
     */
    static Result scan(Path dir, RecordVisitor visitor) {
        return scan(dir, (segment, offset, lsn, type, payload) -> visitor.visit(lsn, type, payload));
    }

    /** Scans the journal in {@code dir}, telling the visitor where each record is; throws as {@link #scan}. */
    static Result scan(Path dir, LocatedRecordVisitor visitor) {
        return new SegmentScanner(dir, visitor).run();
    }

    private Result run() {
        Result res = new Result();
        long[] numbers = listSegments();
        long expectedSegment = 1;
        long expectedLsn = 1;
        for (int i = 0; i < numbers.length; i++) {
            long number = numbers[i];
            Path path = SegmentFormat.segmentPath(dir, number);
            boolean newest = i == numbers.length - 1;
            if (number != expectedSegment) {
                // Strict for now: the journal starts at segment 1 and has no holes. Compaction will have
                // to record where the log legitimately starts before it deletes old segments.
                throw new JournalCorruptException(
                        path,
                        0,
                        number > expectedSegment
                                ? "segment " + expectedSegment + " (" + SegmentFormat.segmentName(expectedSegment)
                                        + ") is missing before it"
                                : "unexpected segment number " + number);
            }
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                channel = ch;
                fileSize = ch.size();
                windowStart = 0;
                windowLength = 0;
                if (!readHeader(path, number, expectedLsn)) {
                    if (newest && fileSize <= SEGMENT_HEADER_SIZE) {
                        // A crash while rolling over: the header is written and forced before any record,
                        // so no record can have been acknowledged in this file.
                        res.torn = new TornTail(path, 0, fileSize, headerProblem);
                        res.tornHeader = true;
                        break;
                    }
                    throw new JournalCorruptException(path, 0, headerProblem);
                }
                res.segments.add(path);
                res.newestNumber = number;
                long pos = SEGMENT_HEADER_SIZE;
                while (pos < fileSize) {
                    if (parse(pos)) {
                        if (recLsn != expectedLsn) {
                            throw new JournalCorruptException(
                                    path,
                                    pos,
                                    "record has lsn " + recLsn + " where " + expectedLsn
                                            + " was expected (records missing, reordered or from another journal)");
                        }
                        visitor.visit(
                                path,
                                pos,
                                recLsn,
                                recType,
                                Arrays.copyOfRange(
                                        window,
                                        recIndex + RECORD_HEADER_SIZE,
                                        recIndex + RECORD_HEADER_SIZE + recLength));
                        expectedLsn++;
                        res.records++;
                        pos += RECORD_HEADER_SIZE + recLength;
                        continue;
                    }
                    String reason = badReason;
                    if (!newest) {
                        throw new JournalCorruptException(path, pos, reason + " in a segment that is not the newest");
                    }
                    long valid = findValidRecordAfter(pos, expectedLsn);
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
            } catch (NoSuchFileException e) {
                throw new JournalException(
                        JournalException.IO,
                        "segment " + path
                                + " disappeared while the journal was read (compacted meanwhile?); run the command again",
                        e);
            } catch (IOException e) {
                throw new JournalException(
                        JournalException.IO,
                        "cannot read journal segment " + path + ": " + e
                                + "; check the file's permissions and the disk",
                        e);
            } finally {
                channel = null;
            }
            expectedSegment++;
        }
        res.lastLsn = expectedLsn - 1;
        return res;
    }

    private long[] listSegments() {
        List<Long> list = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                long n = SegmentFormat.parseSegmentNumber(p.getFileName().toString());
                if (n >= 0) {
                    list.add(n);
                }
            }
        } catch (NoSuchFileException e) {
            throw new JournalException(
                    JournalException.IO, "there is no journal at " + dir + "; check the journal directory setting", e);
        } catch (IOException e) {
            throw new JournalException(
                    JournalException.IO,
                    "cannot list journal directory " + dir + ": " + e + "; check its permissions",
                    e);
        }
        long[] a = new long[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        Arrays.sort(a);
        return a;
    }

    /**
     * Checks the segment header. Returns {@code false} with {@link #headerProblem} set for damage a torn
     * write can explain (short, bad magic, bad CRC); throws for a well-formed header that does not fit
     * (wrong number, wrong first lsn, unknown version).
     */
    private boolean readHeader(Path path, long number, long expectedLsn) throws IOException {
        if (fileSize < SEGMENT_HEADER_SIZE) {
            headerProblem = "incomplete segment header (" + fileSize + " bytes)";
            return false;
        }
        int i = at(0, SEGMENT_HEADER_SIZE);
        ByteBuffer b = windowBuffer;
        if (b.getInt(i) != MAGIC) {
            headerProblem = "not a Lazarus journal segment (bad magic number)";
            return false;
        }
        if (b.getInt(i + SEGMENT_HEADER_SIZE - 4) != SegmentFormat.headerCrc(window, i)) {
            headerProblem = "segment header CRC mismatch";
            return false;
        }
        int version = b.getInt(i + 4);
        if (version != VERSION) {
            throw new JournalException(
                    JournalException.VERSION,
                    "journal segment " + path + " has format version "
                            + version + " but this Lazarus reads version " + VERSION
                            + "; use the Lazarus version that wrote the journal");
        }
        long headerNumber = b.getLong(i + 8);
        if (headerNumber != number) {
            throw new JournalCorruptException(
                    path,
                    0,
                    "segment header says segment " + headerNumber + " but the file name says " + number
                            + " (segment files renamed or swapped?)");
        }
        long firstLsn = b.getLong(i + 16);
        if (firstLsn != expectedLsn) {
            throw new JournalCorruptException(
                    path,
                    0,
                    "segment starts at lsn " + firstLsn + " but lsn " + expectedLsn
                            + " was expected after the previous segment (records missing or segments swapped)");
        }
        return true;
    }

    /**
     * Parses the frame at {@code pos}. On success sets {@code rec*} (with {@link #recIndex} pointing into
     * the window) and returns {@code true}; otherwise sets {@link #badReason}. Does not check the lsn order.
     */
    private boolean parse(long pos) throws IOException {
        long remaining = fileSize - pos;
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
        i = at(pos, RECORD_HEADER_SIZE + length); // bounded by the file size and MAX_PAYLOAD, checked above
        if (windowBuffer.getInt(i + 13) != SegmentFormat.recordCrc(crc, window, i, length)) {
            badReason = "CRC mismatch";
            return false;
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
    private long findValidRecordAfter(long badPos, long expectedLsn) throws IOException {
        long maxLsn = expectedLsn + (fileSize - badPos) / RECORD_HEADER_SIZE;
        for (long y = badPos + 1; y <= fileSize - RECORD_HEADER_SIZE; y++) {
            int i = at(y, RECORD_HEADER_SIZE);
            long lsn = windowBuffer.getLong(i + 5);
            if (lsn < expectedLsn || lsn > maxLsn) {
                continue;
            }
            int length = windowBuffer.getInt(i);
            if (length < 0 || length > MAX_PAYLOAD || length > fileSize - y - RECORD_HEADER_SIZE) {
                continue;
            }
            i = at(y, RECORD_HEADER_SIZE + length);
            if (windowBuffer.getInt(i + 13) == SegmentFormat.recordCrc(crc, window, i, length)) {
                return y;
            }
        }
        return -1;
    }

    /**
     * Makes bytes {@code [pos, pos + n)} of the current segment available in {@link #window} and returns
     * their index there. The caller guarantees {@code pos + n <= fileSize} and {@code n} within the
     * record bound, so growing the window is bounded by what the file really holds.
     */
    private int at(long pos, int n) throws IOException {
        if (pos >= windowStart && pos + n <= windowStart + windowLength) {
            return (int) (pos - windowStart);
        }
        if (n > window.length) {
            // grow geometrically up to 4 MiB, beyond that exactly to the (already bounded) record size
            window = new byte[Math.max(n, Math.min(2 * window.length, 4 << 20))];
            windowBuffer = ByteBuffer.wrap(window);
        }
        int want = (int) Math.min(window.length, fileSize - pos);
        ByteBuffer b = windowBuffer;
        b.clear().limit(want);
        while (b.hasRemaining()) {
            int r = channel.read(b, pos + b.position());
            if (r < 0) {
                throw new EOFException("segment shrank while being read");
            }
        }
        windowStart = pos;
        windowLength = want;
        return 0;
    }
}
