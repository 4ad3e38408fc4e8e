package dev.lazarus.store.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The standard {@link LogFile}: a {@link RandomAccessFile}, written with {@code write(2)} and synced with
 * {@code fsync(2)} ({@link java.io.FileDescriptor#sync()}).
 *
 * <p>Not a {@link FileChannel}, on purpose: the journal's I/O runs on application threads (the appender
 * that leads a group commit, see {@link JournalLog}), and a {@code FileChannel} is an interruptible
 * channel: an interrupt of the thread inside {@code write} or {@code force} (an executor's
 * {@code shutdownNow}, a cancelled future) closes the channel for every thread, which would stop the
 * journal. {@code RandomAccessFile} I/O ignores interrupts. Its sync is {@code fsync} rather than
 * {@code fdatasync}; for appends, which change the file's size, both must write the inode, and on the
 * machines we measured they cost the same (docs/DECISIONS.md).
 */
final class DescriptorLogFile implements LogFile {
    static final LogFileOpener OPENER = DescriptorLogFile::open;

    private final RandomAccessFile file;

    private DescriptorLogFile(RandomAccessFile file) throws IOException {
        this.file = file;
        file.seek(file.length());
    }

    static LogFile open(Path file, boolean create) throws IOException {
        if (create) {
            Files.createFile(file, Fs.ownerOnlyFile(file)); // FileAlreadyExistsException if it exists
        } else if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
        try {
            return new DescriptorLogFile(raf);
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    /**
     * Syncs a directory. Only a {@link FileChannel} can open one, so an interrupt that closes it is
     * survived here: a directory sync can safely be repeated (unlike a file's failed sync, it reports no
     * lost data), so the interrupt is set aside, the sync repeated on a new channel, and the interrupt
     * restored.
     */
    static void syncDirectory(Path dir) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                FileChannel ch;
                try {
                    ch = FileChannel.open(dir, StandardOpenOption.READ);
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                    continue;
                } catch (IOException | UnsupportedOperationException e) {
                    // Some platforms (Windows) cannot open a directory at all; they also do not need the sync.
                    return;
                }
                try (ch) {
                    ch.force(true);
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long write(ByteBuffer... srcs) throws IOException {
        long total = 0;
        for (ByteBuffer src : srcs) {
            int n = src.remaining();
            if (src.hasArray()) {
                file.write(src.array(), src.arrayOffset() + src.position(), n);
            } else {
                // direct or read-only buffers, which the journal never passes: a copy is fine
                byte[] copy = new byte[n];
                src.duplicate().get(copy);
                file.write(copy);
            }
            src.position(src.limit());
            total += n;
        }
        return total;
    }

    @Override
    public void force(boolean metadata) throws IOException {
        file.getFD().sync();
    }

    @Override
    public long size() throws IOException {
        return file.length();
    }

    @Override
    public void truncate(long size) throws IOException {
        file.setLength(size);
        file.seek(size);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
