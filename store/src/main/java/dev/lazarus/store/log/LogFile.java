package dev.lazarus.store.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A segment file open for appending, as the journal's writer sees it. It exists so that tests (and a
 * later reliability suite) can inject I/O failures at exact points through a {@link LogFileOpener}
 * without mocking the disk: wrap the standard implementation and throw where needed. Only
 * {@link JournalLog#open} and the holder of the journal's flush token (an appender leading a group commit,
 * or the writer thread) call it, one thread at a time.
 */
public interface LogFile extends Closeable {
    /**
     * Writes all remaining bytes of {@code srcs}, in order, at the end of the file (implementations loop
     * over short writes). Does not sync.
     *
     * @param srcs the buffers to write; their positions advance
     * @return the number of bytes written
     * @throws IOException if the write fails; the journal then stops (fail-stop)
     */
    long write(ByteBuffer... srcs) throws IOException;

    /**
     * Forces written bytes to the storage device, like {@link java.nio.channels.FileChannel#force}.
     * A failure is fatal for the journal and is never retried: after a failed sync the kernel may have
     * dropped the dirty pages, so a second sync could report success for lost data.
     *
     * @param metadata also force file metadata, as needed for a new file; {@code false} allows fdatasync
     *     (the standard file always uses fsync, see DescriptorLogFile)
     * @throws IOException if the sync fails
     */
    void force(boolean metadata) throws IOException;

    /**
     * @return the current size of the file in bytes
     * @throws IOException if the size cannot be read
     */
    long size() throws IOException;

    /**
     * Cuts the file to {@code size} bytes and moves the append position there; used to remove a torn tail
     * when a journal is opened.
     *
     * @param size the new size, not larger than the current one
     * @throws IOException if the truncation fails
     */
    void truncate(long size) throws IOException;

    /**
     * Closes the file without syncing it. Closing twice has no effect.
     *
     * @throws IOException if the close fails
     */
    @Override
    void close() throws IOException;
}
