package dev.lazarus.agent.internal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * One entry of the inbox directory as the engine takes it: its bytes if it is a regular file of at most
 * {@link Inbox#MAX_FILE_BYTES} whose name is printable, else why it is not read. Whoever can write into the
 * inbox (its owner, or root) chooses what an entry is, and the engine reads the inbox before {@code main} and
 * every 200 ms after, so reading an entry must neither block nor run out of memory: a named pipe would block the
 * open forever, a link to {@code /dev/zero} never ends, a link elsewhere would read (and the engine then delete)
 * a file outside the inbox.
 *
 * <p>So the entry is looked at without following a symbolic link ({@code lstat}), opened only if that found a
 * regular file within the limit, opened without following a symbolic link ({@code O_NOFOLLOW}), and read for at
 * most the limit and one byte, which catches a file that grew or was swapped after the look. One race remains:
 * an entry swapped for a named pipe between the look and the open makes the open wait for a writer (Java cannot
 * open with {@code O_NONBLOCK}). Only the inbox's owner or root can make that swap (the directory is
 * owner-only, see {@link Inbox}), and either could stop the application anyway.
 */
final class InboxFile {
    /** {@code O_RDONLY | O_NOFOLLOW}: a symbolic link swapped in after the look fails the open. */
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    /** The entry's bytes, or {@code null} if it is not read. */
    final byte[] content;
    /** Why it is not read (one phrase, for a log line), or {@code null} if it is. */
    final String refusal;

    private InboxFile(byte[] content, String refusal) {
        this.content = content;
        this.refusal = refusal;
    }

    /**
     * Looks at one entry and reads it if it may be read.
     *
     * @param file the entry
     * @return its content, or why it is not read
     * @throws java.nio.file.NoSuchFileException if it is gone (taken by a concurrent reader: nothing to do)
     * @throws IOException if it cannot be looked at or read
     */
    static InboxFile read(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!LogText.isPrintable(file.getFileName().toString())) {
            // its name would be an event id, and reach log lines and the command line's output
            return new InboxFile(null, "its name has characters that are not printable");
        }
        if (a.isSymbolicLink()) {
            return new InboxFile(null, "a symbolic link, not followed");
        }
        if (a.isDirectory()) {
            return new InboxFile(null, "a directory, not a file");
        }
        if (!a.isRegularFile()) {
            return new InboxFile(null, "not a regular file (a named pipe, socket or device)");
        }
        if (a.size() > Inbox.MAX_FILE_BYTES) {
            return new InboxFile(null, tooLarge(a.size() + " bytes"));
        }
        byte[] bytes;
        try (SeekableByteChannel ch = Files.newByteChannel(file, READ);
                InputStream in = Channels.newInputStream(ch)) {
            bytes = in.readNBytes(Inbox.MAX_FILE_BYTES + 1);
        }
        if (bytes.length > Inbox.MAX_FILE_BYTES) {
            return new InboxFile(null, tooLarge("more than " + Inbox.MAX_FILE_BYTES + " bytes when read"));
        }
        return new InboxFile(bytes, null);
    }

    private static String tooLarge(String size) {
        return size + ", over the inbox's limit of " + Inbox.MAX_FILE_BYTES + " bytes";
    }
}
