package dev.lazarus.store.log;

import java.nio.file.Path;

/**
 * The incomplete end of the newest segment, as a crash in the middle of a write leaves it: the bytes from
 * {@code offset} to the end of {@code file} did not form a valid record and no valid record followed.
 * {@link JournalLog#open} truncates it away; {@link JournalLog#scan} skips it.
 *
 * @param file the newest segment file
 * @param offset where the torn record starts (0 if the segment's header itself was incomplete, in which
 *     case the whole file is dropped)
 * @param droppedBytes how many bytes were (or, for a scan, would be) removed
 * @param reason why the bytes are not a valid record, such as {@code CRC mismatch}
 */
public record TornTail(Path file, long offset, long droppedBytes, String reason) {
    /** @return a one-line description for a log */
    @Override
    public String toString() {
        return "torn tail of " + droppedBytes + " bytes at " + file + " offset " + offset + " (" + reason + ")";
    }
}
