package dev.lazarus.agent.internal.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reading the engine's own files in a journal directory (the index checkpoint, the activity board) as the store
 * reads its segments: never through a symbolic link (O_NOFOLLOW), and only a regular file, read up to the size it
 * had when opened. A link planted there could otherwise make the engine read a device without end or another
 * user's file.
 */
final class JournalFiles {
    private JournalFiles() {}

    /**
     * @param file a file in the journal directory
     * @return its bytes
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws IOException if it is a symbolic link, not a regular file, larger than an array can hold, or cannot be
     *     read
     */
    static byte[] read(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            // a named pipe would block the open, and start-up with it
            throw new IOException(file + " is not a regular file" + (a.isSymbolicLink() ? " (a symbolic link)" : ""));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException(file + " is " + size + " bytes long, more than it can be");
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // reads what the file held when opened; bytes appended meanwhile are not ours to read
            }
            return b.position() == b.capacity() ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
        }
    }
}
