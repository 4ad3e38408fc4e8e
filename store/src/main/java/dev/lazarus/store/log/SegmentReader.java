package dev.lazarus.store.log;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A segment file open for reading: positional reads, safe for several threads (each read is a seek and a read
 * under the reader's monitor). A {@link RandomAccessFile} rather than a {@code FileChannel} for the reason
 * {@link DescriptorLogFile} gives: reads run on application threads (an index lookup, a retry reading an
 * execution back), and an interrupt of one of them would close a channel for every thread.
 */
final class SegmentReader implements AutoCloseable {
    private final Path path;
    private final RandomAccessFile file;

    private SegmentReader(Path path, RandomAccessFile file) {
        this.path = path;
        this.file = file;
    }

    /** @throws NoSuchFileException if the file does not exist (deleted by a compaction meanwhile) */
    static SegmentReader open(Path path) throws IOException {
        try {
            return new SegmentReader(path, new RandomAccessFile(path.toFile(), "r"));
        } catch (java.io.FileNotFoundException e) {
            if (!path.toFile().exists()) {
                NoSuchFileException n = new NoSuchFileException(path.toString());
                n.initCause(e);
                throw n;
            }
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** @return the current size of the file */
    synchronized long size() throws IOException {
        return file.length();
    }

    /** Reads exactly {@code length} bytes at {@code position} into {@code dst} at {@code offset}. */
    synchronized void readFully(long position, byte[] dst, int offset, int length) throws IOException {
        file.seek(position);
        try {
            file.readFully(dst, offset, length);
        } catch (EOFException e) {
            EOFException x = new EOFException("segment " + path + " shrank while being read");
            x.initCause(e);
            throw x;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
