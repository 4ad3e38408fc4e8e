package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the segment files the journal appends to, and syncs the journal directory. This is the seam for
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
     * @return the standard opener: {@link java.io.RandomAccessFile}s (uninterruptible, see DescriptorLogFile), new files created with
     *     owner-only permissions where the file system supports POSIX permissions
     */
    static LogFileOpener standard() {
        return DescriptorLogFile.OPENER;
    }
}
