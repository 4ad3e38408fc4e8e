package dev.lazarus.store.log;

import java.nio.file.Path;

/**
 * The journal holds a record or segment that is damaged in a way a crash cannot explain (code
 * {@code LAZ-102}): a bad record followed by valid ones, a bad record in an older segment, a missing or
 * reordered segment, a gap in the sequence numbers. The journal is refused rather than silently
 * shortened; the message names the file and byte offset.
 */
public final class JournalCorruptException extends JournalException {
    private static final long serialVersionUID = 1L;

    /** The damaged file. */
    private final transient Path file;
    /** The byte offset of the damage in {@link #file()}. */
    private final long offset;

    /**
     * @param file the damaged file
     * @param offset the byte offset of the damaged record or header in that file
     * @param reason what is wrong there, such as {@code CRC mismatch}
     */
    public JournalCorruptException(Path file, long offset, String reason) {
        super(
                CORRUPT,
                "journal is corrupt at " + file + " offset " + offset + ": " + reason
                        + "; run 'verify' on the journal directory for a full report and restore the directory from a"
                        + " backup (do not edit or delete segment files by hand)");
        this.file = file;
        this.offset = offset;
    }

    /** @return the damaged file */
    public Path file() {
        return file;
    }

    /** @return the byte offset of the damage in {@link #file()} */
    public long offset() {
        return offset;
    }
}
