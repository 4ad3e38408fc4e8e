package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Opens the segment files the journal appends to (and a compaction's output), renames and deletes files in
 * the journal directory, and syncs it. This is the seam for
 * fault injection: {@link LogOptions#withFileOpener} replaces the {@linkplain #standard() standard}
 * opener, typically with one that wraps the standard {@link LogFile} in a {@link ForwardingLogFile} and throws at a chosen point
 * (before a write, after a write but before a sync, while rolling over to a new segment). The journal
 * makes one interface call per operation, so the seam costs nothing measurable on the hot path.
 *
 * <p>Implementations that create files must keep them readable by their owner only, as the
 * standard opener does.
 */
@FunctionalInterface
public interface LogFileOpener {
    /**
     * Opens a segment file for appending, positioned at its end.
     *
     * @param file the segment file
     * @param create {@code true} to create a new file, which must not exist yet (owner-only permissions);
     *     {@code false} to open an existing file
     * @return the open file
     * @throws IOException if the file cannot be opened or created
     */
    LogFile open(Path file, boolean create) throws IOException;

    /**
     * Makes the creation and deletion of files in {@code dir} durable (fsync of the directory), so a new
     * segment cannot vanish after a crash. The standard implementation tolerates platforms that cannot
     * open a directory (Windows) but reports a failing sync.
     *
     * @param dir the journal directory
     * @throws IOException if the directory sync fails
     */
    default void syncDirectory(Path dir) throws IOException {
        DescriptorLogFile.syncDirectory(dir);
    }

    /**
     * Renames {@code source} over {@code target} atomically (replacing it): how a compaction puts its output in
     * place. Durable only after the next {@link #syncDirectory}.
     *
     * @param source the file to rename
     * @param target its new name, replaced if it exists
     * @throws IOException if the rename fails (the file system cannot rename atomically, for one)
     */
    default void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Deletes a file of the journal directory: a segment a compaction replaced, a compaction's leftover, a
     * segment whose creation a crash cut. Durable only after the next {@link #syncDirectory}.
     *
     * @param file the file to delete
     * @throws IOException if it cannot be deleted ({@link java.nio.file.NoSuchFileException} if it does not exist)
     */
    default void delete(Path file) throws IOException {
        Files.delete(file);
    }

    /**
     * @return the standard opener: {@link java.io.RandomAccessFile}s (uninterruptible, see DescriptorLogFile), new files created with
     *     owner-only permissions where the file system supports POSIX permissions
     */
    static LogFileOpener standard() {
        return DescriptorLogFile.OPENER;
    }
}
