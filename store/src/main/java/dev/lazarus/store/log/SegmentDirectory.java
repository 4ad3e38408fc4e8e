package dev.lazarus.store.log;

import static dev.lazarus.store.log.SegmentFormat.MAX_HEADER_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a journal directory holds, from the file names and segment headers alone (no record is read): the live
 * segments in order with their lsn ranges checked against each other, the leftovers of an interrupted
 * compaction (superseded segments and {@code *.compacting} files), and a newest segment whose header never
 * became complete. It never writes; the caller decides what to delete ({@link JournalLog#open}) or skip (a
 * read-only scan).
 */
final class SegmentDirectory {
    private SegmentDirectory() {}

    /** What the directory holds. */
    static final class Listing {
        /** Live segments in lsn order; the last one is not sealed (the active one, or the newest one on disk). */
        final List<Segment> live = new ArrayList<>();
        /** Segments inside a lower-numbered compacted segment's range: a compaction's leftovers. */
        final List<Path> superseded = new ArrayList<>();
        /** Compactions' temporary files. */
        final List<Path> temporaries = new ArrayList<>();
        /** The newest segment file if its header is incomplete (a crash while it was created), else null. */
        TornTail tornHeader;
    }

    /**
     * Lists {@code dir} and checks every segment header.
     *
     * @throws JournalCorruptException for a damaged header (other than the newest's, see {@link Listing#tornHeader})
     *     or segments whose ranges do not follow each other
     * @throws JournalException {@code LAZ-107} for a segment of a newer format, {@code LAZ-101} if the directory or
     *     a file cannot be read ({@link NoSuchFileException} as the cause if a file vanished meanwhile)
     */
    static Listing read(Path dir) {
        Listing l = new Listing();
        long[] numbers = list(dir, l.temporaries);
        List<Segment> all = new ArrayList<>(numbers.length);
        byte[] buf = new byte[MAX_HEADER_SIZE];
        for (int i = 0; i < numbers.length; i++) {
            Path path = SegmentFormat.segmentPath(dir, numbers[i]);
            boolean newest = i == numbers.length - 1;
            try (SegmentReader r = SegmentReader.open(path)) {
                long size = r.size();
                int n = (int) Math.min(size, MAX_HEADER_SIZE);
                r.readFully(0, buf, 0, n);
                SegmentHeader h;
                try {
                    h = SegmentHeader.decode(path, numbers[i], buf, n);
                } catch (SegmentHeader.Unreadable e) {
                    if (newest && size <= MAX_HEADER_SIZE && cutShort(buf, n)) {
                        // A crash while rolling over: the header is written and forced before any record, so no
                        // record can have been acknowledged in this file.
                        l.tornHeader = new TornTail(path, 0, size, e.getMessage());
                        break;
                    }
                    throw new JournalCorruptException(
                            path,
                            0,
                            e.getMessage()
                                    + (newest && size <= MAX_HEADER_SIZE
                                            ? " (not a header cut short by a crash: the file is left as it is)"
                                            : ""));
                }
                all.add(new Segment(path, h, size, 0, true, null));
            } catch (IOException e) {
                throw unreadable(path, e);
            }
        }
        long coverFirst = 0;
        long coverEnd = -1;
        for (Segment s : all) {
            if (s.firstLsn() >= coverFirst && s.firstLsn() <= coverEnd) {
                l.superseded.add(s.path);
                continue;
            }
            if (s.compacted() && s.header.coveredThrough() > coverEnd) {
                coverFirst = s.firstLsn();
                coverEnd = s.header.coveredThrough();
            }
            l.live.add(s);
        }
        checkChain(l.live);
        return l;
    }

    /**
     * Whether the first {@code n} bytes of a file that has no valid header are what a crash while creating a segment
     * leaves: nothing, zeros (a file system that extended the file but never wrote its data), or the beginning of a
     * header shorter than a whole one (the magic number as far as it goes; the version, when there, one this code
     * knows). Anything else, such as a few bytes that are not ours or a whole header with a bad checksum, is damage
     * or a file that is not a segment, and deleting it as a cut roll-over would lose whatever it was.
     */
    static boolean cutShort(byte[] buf, int n) {
        boolean zeros = true;
        for (int i = 0; i < n; i++) {
            zeros &= buf[i] == 0;
        }
        if (zeros) {
            return true;
        }
        byte[] magic = ByteBuffer.allocate(4).putInt(SegmentFormat.MAGIC).array();
        for (int i = 0; i < Math.min(n, 4); i++) {
            if (buf[i] != magic[i]) {
                return false;
            }
        }
        if (n < 8) {
            return true;
        }
        int version = ByteBuffer.wrap(buf, 4, 4).getInt();
        if (version == SegmentFormat.VERSION_1) {
            return n < SegmentFormat.V1_HEADER_SIZE;
        }
        return version == SegmentFormat.VERSION_2 && n < SegmentFormat.V2_HEADER_SIZE;
    }

    /**
     * Checks what the headers tell about the ranges: the first segment starts at lsn 1, a compacted segment is
     * followed by its covered-through lsn + 1, a plain one by a first lsn no lower than its own (exactly one past
     * its last record, which only reading it tells: the scan checks that). Then sets each sealed segment's last
     * lsn from the next one's first.
     */
    private static void checkChain(List<Segment> live) {
        for (int i = 0; i < live.size(); i++) {
            Segment s = live.get(i);
            if (i == 0) {
                if (s.firstLsn() != 1) {
                    throw new JournalCorruptException(
                            s.path,
                            0,
                            "the journal's first segment starts at lsn " + s.firstLsn()
                                    + " where lsn 1 was expected (earlier segments are missing)");
                }
                continue;
            }
            Segment prev = live.get(i - 1);
            if (prev.compacted()) {
                long expected = prev.header.coveredThrough() + 1;
                if (s.firstLsn() != expected) {
                    throw misplaced(prev, s, expected);
                }
            } else if (s.firstLsn() < prev.firstLsn()) {
                throw new JournalCorruptException(
                        s.path,
                        0,
                        "segment starts at lsn " + s.firstLsn() + ", before the previous segment's first lsn "
                                + prev.firstLsn() + " (segments swapped or from another journal)");
            }
        }
        for (int i = 0; i < live.size(); i++) {
            Segment s = live.get(i);
            if (i == live.size() - 1) {
                // the newest: how far it goes is for the scan to find; it is the one the writer appends to
                live.set(i, new Segment(s.path, s.header, s.size(), s.firstLsn() - 1, false, null));
            } else {
                long last = s.compacted()
                        ? s.header.coveredThrough()
                        : live.get(i + 1).firstLsn() - 1;
                live.set(i, new Segment(s.path, s.header, s.size(), last, true, null));
            }
        }
    }

    /** The message for a segment whose first lsn does not follow the previous one's range. */
    static JournalCorruptException misplaced(Segment prev, Segment s, long expected) {
        String missing = "";
        long gapFrom = prev.number() + 1;
        long gapTo = s.number() - 1;
        if (gapFrom == gapTo) {
            missing = "; segment " + gapFrom + " (" + SegmentFormat.segmentName(gapFrom) + ") is missing";
        } else if (gapFrom < gapTo) {
            missing = "; segments " + gapFrom + " to " + gapTo + " (" + SegmentFormat.segmentName(gapFrom) + " to "
                    + SegmentFormat.segmentName(gapTo) + ") are missing";
        }
        return new JournalCorruptException(
                s.path,
                0,
                "segment starts at lsn " + s.firstLsn() + " but lsn " + expected
                        + " was expected after the previous segment (records missing or segments swapped" + missing
                        + ")");
    }

    private static long[] list(Path dir, List<Path> temporaries) {
        List<Long> list = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                long n = SegmentFormat.parseSegmentNumber(name);
                if (n >= 0 || SegmentFormat.isCompactingName(name)) {
                    DirectoryTrust.refuseLink(p); // read, deleted or renamed over: never through a link
                }
                if (n >= 0) {
                    list.add(n);
                } else if (SegmentFormat.isCompactingName(name)) {
                    temporaries.add(p);
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

    /** A file that could not be read; a vanished one keeps its {@link NoSuchFileException} as the cause. */
    static JournalException unreadable(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new JournalException(
                    JournalException.IO,
                    "segment " + path
                            + " disappeared while the journal was read (compacted meanwhile?); run the command again",
                    e);
        }
        return new JournalException(
                JournalException.IO,
                "cannot read journal segment " + path + ": " + e + "; check the file's permissions and the disk",
                e);
    }
}
