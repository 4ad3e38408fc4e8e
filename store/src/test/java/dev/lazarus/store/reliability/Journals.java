package dev.lazarus.store.reliability;

import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.log.LogTestSupport.Collector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Helpers of the reliability suite. It sits outside the store's package on purpose: it uses only the public
 * API ({@link JournalLog}, {@link LogOptions}, the {@code LogFileOpener} seam) and the on-disk format as
 * documented in {@code SegmentFormat} (a segment header of 32 bytes in format version 1 and 44 in version 2, the
 * version at offset 4 and the first lsn at offset 16; frames of a 17-byte header, payload length first, lsn at
 * offset 5), as an outside tool would.
 */
final class Journals {
    static final int V1_HEADER = 32;
    static final int V2_HEADER = 44;
    static final int FRAME_HEADER = 17;

    private Journals() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Opens, reads every record, closes. */
    static List<String> reopen(Path dir) {
        Collector c = new Collector();
        JournalLog.open(dir, LogOptions.defaults(), c).close();
        return c.texts();
    }

    static List<Path> segments(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("segment-\\d{10}\\.log"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the size of a segment file's header, from the format version at offset 4 */
    static int headerSize(Path segment) {
        try {
            byte[] start = new byte[8];
            try (var in = Files.newInputStream(segment)) {
                if (in.readNBytes(start, 0, 8) < 8) {
                    return V1_HEADER;
                }
            }
            return ByteBuffer.wrap(start).getInt(4) == 1 ? V1_HEADER : V2_HEADER;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Byte offsets of every frame of a segment that parses, independently of the scanner. */
    static List<Long> frames(Path segment) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
            List<Long> out = new ArrayList<>();
            int pos = headerSize(segment);
            while (pos + FRAME_HEADER <= b.limit()) {
                int len = b.getInt(pos);
                if (len < 0 || pos + FRAME_HEADER + (long) len > b.limit()) {
                    break;
                }
                out.add((long) pos);
                pos += FRAME_HEADER + len;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the segment files and compactions' temporary files ({@code *.compacting}) of a journal, sorted */
    static List<Path> journalFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("segment-\\d{10}\\.log(\\.compacting)?"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the segment files and temporary files (and only those) of {@code from} into a new directory {@code to}. */
    static void copySegments(Path from, Path to) {
        try {
            Files.createDirectories(to);
            for (Path p : journalFiles(from)) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p :
                    s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
